// Stylesheets are imported as minified text (rollup.config.mjs) and adopted into shadow roots.
declare module '*.css' {
  const text: string;
  export default text;
}
