// Data fetching for every page: TanStack Query caches each API answer by its URL, so pages that read the
// same data (journeys, touchpoints, surveys) share one request, and revisiting a view shows it at once.
import { QueryCache, QueryClient, type UseQueryResult, useQueries, useQuery } from '@tanstack/react-query';
import { ApiError, apiGet, type Params, withParams } from './api.js';

let onUnauthorised: () => void = () => {};

/** Who to tell when an answer says the session has ended (the app signs the user out). */
export function setUnauthorisedHandler(handler: () => void): void {
  onUnauthorised = handler;
}

/** Tells the app that the session has ended (an answer said 401). */
export function sessionEnded(): void {
  onUnauthorised();
}

/** The one query client of the dashboard. */
export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error) => {
      if (error instanceof ApiError && error.status === 401) onUnauthorised();
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A refused request (4xx) is not retried; a network error or 5xx once.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 1,
      refetchOnWindowFocus: false,
    },
  },
});

/** `GET` an API path with parameters, cached by the resulting URL; keeps the last answer while a new one loads. */
export function useApi<T>(
  path: string,
  params?: Params,
  options: { enabled?: boolean } = {},
): UseQueryResult<T> {
  const url = withParams(path, params);
  return useQuery<T>({
    queryKey: [url],
    queryFn: ({ signal }) => apiGet<T>(url, undefined, signal),
    placeholderData: (previous) => previous,
    enabled: options.enabled ?? true,
  });
}

/** Several `GET`s at once (one per metric, say), each cached by its URL; answers in the order asked. */
export function useApiMany<T>(requests: { path: string; params?: Params }[]): UseQueryResult<T>[] {
  return useQueries({
    queries: requests.map(({ path, params }) => {
      const url = withParams(path, params);
      return {
        queryKey: [url],
        queryFn: ({ signal }: { signal: AbortSignal }) => apiGet<T>(url, undefined, signal),
        placeholderData: (previous: T | undefined) => previous,
      };
    }),
  });
}

/** A readable message for a failed query. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong.';
}
