; Functions, for checks that read each function's body themselves (the
; attestation checks built on FunctionCheck); a nested function is a match of
; its own.
(function_definition body: (block)) @function
