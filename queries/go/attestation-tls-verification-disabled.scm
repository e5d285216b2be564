; TLS certificate verification turned off in Go (crypto/tls).
; Captures: @report (diagnostic location), @fix (replaced by the `fix`
; property).

; &tls.Config{InsecureSkipVerify: true}
((keyed_element
   key: (literal_element (identifier) @_key)
   value: (literal_element (true) @fix)) @report
 (#eq? @_key "InsecureSkipVerify")
 (#set! message "TLS certificate verification is disabled by '{report}'")
 (#set! fix "false"))

; cfg.InsecureSkipVerify = true, transport.TLSClientConfig.InsecureSkipVerify = true
((assignment_statement
   left: (expression_list (selector_expression field: (field_identifier) @_key))
   right: (expression_list (true) @fix)) @report
 (#eq? @_key "InsecureSkipVerify")
 (#set! message "TLS certificate verification is disabled by '{report}'")
 (#set! fix "false"))
