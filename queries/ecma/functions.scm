; Functions, for checks that read each function's body themselves (the
; attestation checks built on FunctionCheck); a nested function is a match of
; its own.
[
  (function_declaration)
  (function_expression)
  (arrow_function)
  (method_definition)
  (generator_function_declaration)
  (generator_function)
] @function
