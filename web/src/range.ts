// The dashboard's date ranges live beside the server's code, which warms the default one.
export * from '../../src/shared/date-ranges.js';
