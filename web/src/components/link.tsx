// A link inside the dashboard: the browser's own behaviour for new tabs, the router's for plain clicks.
import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { isPlainClick, navigate } from '../router.js';

type Props = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

/** An in-app link. */
export function Link({ href, onClick, ...rest }: Props) {
  return (
    <a
      href={href}
      {...rest}
      onClick={(event: MouseEvent<HTMLAnchorElement>) => {
        onClick?.(event);
        if (event.defaultPrevented || !isPlainClick(event)) return;
        event.preventDefault();
        navigate(href);
      }}
    />
  );
}
