; Functions whose quote and key calls, handlers and switches
; attestation-dev-fallback inspects. The check walks each body itself,
; leaving nested functions to their own match.
[
  (function_declaration)
  (function_expression)
  (arrow_function)
  (method_definition)
  (generator_function_declaration)
  (generator_function)
] @function
