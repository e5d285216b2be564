; Functions whose comparisons, verification calls and verdicts
; attestation-mismatch-accepted inspects. The check walks each body itself,
; leaving nested functions to their own match.
(function_definition body: (block)) @function
