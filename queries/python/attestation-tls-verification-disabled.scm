; TLS certificate verification turned off in Python clients.
; Captures: @report (diagnostic location), @fix (replaced by the `fix`
; property), @env.name/@env.value (checked against models/tls-environment.yaml).

; requests / httpx / aiohttp calls and client constructors: verify=False,
; ssl=False, verify_ssl=False.
((call
   function: [(identifier) @_callee
              (attribute attribute: (identifier) @_callee)]
   arguments: (argument_list
     (keyword_argument
       name: (identifier) @_kw
       value: (false) @fix) @report))
 (#any-of? @_kw "verify" "ssl" "verify_ssl")
 (#any-of? @_callee
   "get" "post" "put" "patch" "delete" "head" "options" "request" "stream"
   "send" "build_request" "ws_connect" "urlopen" "Session" "Client"
   "AsyncClient" "HTTPTransport" "AsyncHTTPTransport" "ClientSession"
   "TCPConnector" "AsyncOpenAI" "OpenAI" "Anthropic" "AsyncAnthropic"
   "HTTPSConnectionPool" "PoolManager" "connect" "create_connection")
 (#set! message "TLS certificate verification is disabled by '{report}'")
 (#set! fix "True"))

; session.verify = False
((assignment
   left: (attribute attribute: (identifier) @_attr)
   right: (false) @fix) @report
 (#eq? @_attr "verify")
 (#set! message "TLS certificate verification is disabled for this session")
 (#set! fix "True"))

; ctx.check_hostname = False
((assignment
   left: (attribute attribute: (identifier) @_attr)
   right: (false)) @report
 (#eq? @_attr "check_hostname")
 (#set! message "TLS host name checking is disabled on this SSL context"))

; ssl.CERT_NONE (or a bare CERT_NONE) assigned, passed or stored.
((assignment right: [(attribute attribute: (identifier) @report) (identifier) @report])
 (#eq? @report "CERT_NONE")
 (#set! message "'CERT_NONE' makes this SSL context accept any certificate"))
((keyword_argument value: [(attribute attribute: (identifier) @report) (identifier) @report])
 (#eq? @report "CERT_NONE")
 (#set! message "'CERT_NONE' makes this SSL context accept any certificate"))
((pair value: [(attribute attribute: (identifier) @report) (identifier) @report])
 (#eq? @report "CERT_NONE")
 (#set! message "'CERT_NONE' makes this SSL context accept any certificate"))
((argument_list [(attribute attribute: (identifier) @report) (identifier) @report])
 (#eq? @report "CERT_NONE")
 (#set! message "'CERT_NONE' makes this SSL context accept any certificate"))

; ssl._create_unverified_context, called or installed as the default.
((attribute
   object: (identifier) @_module
   attribute: (identifier) @_name) @report
 (#eq? @_module "ssl")
 (#eq? @_name "_create_unverified_context")
 (#set! message "'ssl._create_unverified_context' builds a context that accepts any certificate"))
((import_from_statement
   module_name: (dotted_name) @_module
   name: (dotted_name) @report)
 (#eq? @_module "ssl")
 (#eq? @report "_create_unverified_context")
 (#set! message "'ssl._create_unverified_context' builds a context that accepts any certificate"))

; os.environ["PYTHONHTTPSVERIFY"] = "0" and friends.
((assignment
   left: (subscript
     value: (attribute object: (identifier) @_os attribute: (identifier) @_environ)
     subscript: (string) @env.name)
   right: (_) @env.value) @report
 (#eq? @_os "os")
 (#eq? @_environ "environ"))
((call
   function: (attribute
     object: (attribute object: (identifier) @_os attribute: (identifier) @_environ)
     attribute: (identifier) @_method)
   arguments: (argument_list . (string) @env.name . (_) @env.value)) @report
 (#eq? @_os "os")
 (#eq? @_environ "environ")
 (#eq? @_method "setdefault"))
((call
   function: (attribute object: (identifier) @_os attribute: (identifier) @_method)
   arguments: (argument_list . (string) @env.name . (_) @env.value)) @report
 (#eq? @_os "os")
 (#eq? @_method "putenv"))
