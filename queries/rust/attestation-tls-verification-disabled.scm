; TLS certificate verification turned off in Rust clients (reqwest,
; native-tls and hyper-tls builders).
; Captures: @report (diagnostic location), @fix (replaced by the `fix`
; property).

; .danger_accept_invalid_certs(true)
((call_expression
   function: (field_expression field: (field_identifier) @report)
   arguments: (arguments . (boolean_literal) @fix .))
 (#eq? @report "danger_accept_invalid_certs")
 (#eq? @fix "true")
 (#set! message "TLS certificate verification is disabled by 'danger_accept_invalid_certs(true)'")
 (#set! fix "false"))

; .danger_accept_invalid_hostnames(true)
((call_expression
   function: (field_expression field: (field_identifier) @report)
   arguments: (arguments . (boolean_literal) @fix .))
 (#eq? @report "danger_accept_invalid_hostnames")
 (#eq? @fix "true")
 (#set! message "TLS host name checking is disabled by 'danger_accept_invalid_hostnames(true)'")
 (#set! fix "false"))
