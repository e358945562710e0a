// Starts Swagger UI on the schema beside this page; a relative URL, so the
// exported copy of the docs works under any base path.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: new URL("../schema.json", document.baseURI).href,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
