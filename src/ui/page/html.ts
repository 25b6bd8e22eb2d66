/** JSX-like templates in plain strings (htm, bound to Preact's h): no JSX compile step; the page stays plain TypeScript. */
export { html } from "htm/preact";
