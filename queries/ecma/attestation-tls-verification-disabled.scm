; TLS certificate verification turned off in JavaScript / TypeScript clients.
; Shared by .js, .jsx, .mjs, .cjs, .ts, .mts, .cts and .tsx files.
; Captures: @report, @fix (with the `fix` property), @env.name/@env.value.

; { rejectUnauthorized: false } in https/tls/undici/axios/pg/ws options.
((pair
   key: [(property_identifier) @_key (string (string_fragment) @_key)]
   value: [(false) (number)] @fix) @report
 (#eq? @_key "rejectUnauthorized")
 (#match? @fix "^(false|0)$")
 (#set! message "TLS certificate verification is disabled by 'rejectUnauthorized: {fix}'")
 (#set! fix "true"))

; { strictSSL: false } (request, npm-registry clients).
((pair
   key: [(property_identifier) @_key (string (string_fragment) @_key)]
   value: (false) @fix) @report
 (#eq? @_key "strictSSL")
 (#set! message "TLS certificate verification is disabled by 'strictSSL: false'")
 (#set! fix "true"))

; process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"
((assignment_expression
   left: (member_expression
     object: (member_expression
       object: (identifier) @_process
       property: (property_identifier) @_env)
     property: (property_identifier) @env.name)
   right: (_) @env.value) @report
 (#eq? @_process "process")
 (#eq? @_env "env"))

; process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = "0"
((assignment_expression
   left: (subscript_expression
     object: (member_expression
       object: (identifier) @_process
       property: (property_identifier) @_env)
     index: (string) @env.name)
   right: (_) @env.value) @report
 (#eq? @_process "process")
 (#eq? @_env "env"))
