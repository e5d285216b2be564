// End-to-end tests of the tee-tidy executable: options, configuration
// discovery, suppression, exit codes, export-fixes, dataflow across services
// and tsconfig.json aliases, and the bundled examples.

#include "ToolRun.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace {

using namespace teetidy::e2e;

class Cli : public ToolTest {
protected:
  /// A compose file whose service 'app' builds this directory and lets the
  /// operator set URL.
  void writeOperatorCompose() {
    write("docker-compose.yml", "services:\n  app:\n    build: .\n    environment:\n"
                                "      - URL=${URL}\n");
  }
};

const char *Insecure = "import requests\n\nrequests.get(URL, verify=False)\n";

TEST_F(Cli, VersionAndHelp) {
  Result V = run("--version");
  EXPECT_EQ(V.Exit, 0);
  EXPECT_NE(V.Out.find("tee-tidy version"), std::string::npos);
  Result H = run("--help");
  EXPECT_EQ(H.Exit, 0);
  EXPECT_NE(H.Out.find("--checks"), std::string::npos);
  EXPECT_NE(H.Out.find("--export-fixes"), std::string::npos);
}

TEST_F(Cli, UnknownOptionIsAUsageError) {
  Result R = run("--no-such-option x.py");
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("no-such-option"), std::string::npos);
}

TEST_F(Cli, NoInputIsAUsageError) {
  Result R = run("");
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("no input paths"), std::string::npos);
}

TEST_F(Cli, RunsThatCanReportNothingAreUsageErrors) {
  write("app.py", Insecure);
  Result None = run("--checks='-*' app.py");
  EXPECT_EQ(None.Exit, 2);
  EXPECT_NE(None.Err.find("no checks are enabled"), std::string::npos) << None.Err;
  EXPECT_EQ(run("--checks='-*,no-such-check' app.py").Exit, 2);
  // `--header-filter` is an option, not a prefix of `--help`.
  Result Filter = run("--header-filter='.*' app.py");
  EXPECT_EQ(Filter.Exit, 0) << Filter.Err;
  EXPECT_EQ(Filter.Out.find("OVERVIEW"), std::string::npos);
  EXPECT_NE(Filter.Out.find("[attestation-tls-verification-disabled]"), std::string::npos);
  EXPECT_EQ(run("--header-filter='(' app.py").Exit, 2);
}

TEST_F(Cli, JobsSpellings) {
  write("app.py", Insecure);
  for (const char *J : {"-j2", "-j=2", "-j 2", "-j 0"}) {
    Result R = run(std::string(J) + " app.py");
    EXPECT_EQ(R.Exit, 0) << J << ": " << R.Err;
    EXPECT_NE(R.Out.find("[attestation-tls-verification-disabled]"), std::string::npos) << J;
  }
}

TEST_F(Cli, HeaderFilterShowsOnlyMatchingFiles) {
  write("a/app.py", Insecure);
  write("b/app.py", Insecure);
  Result R = run("--header-filter=a/ a b");
  EXPECT_EQ(R.Exit, 0) << R.Err;
  EXPECT_NE(R.Out.find("a/app.py:3:19: warning"), std::string::npos) << R.Out;
  EXPECT_EQ(R.Out.find("b/app.py"), std::string::npos) << R.Out;
  EXPECT_NE(R.Err.find("1 warning generated."), std::string::npos) << R.Err;
  EXPECT_NE(R.Err.find("Suppressed 1 warnings (1 in files the header filter excludes)."),
            std::string::npos)
      << R.Err;
  // The configuration key does the same; the option overrides it.
  write("c/.tee-tidy", "HeaderFilterRegex: 'y/'\n");
  write("c/x/app.py", Insecure);
  write("c/y/app.py", Insecure);
  Result C = run("c");
  EXPECT_NE(C.Out.find("c/y/app.py"), std::string::npos) << C.Out;
  EXPECT_EQ(C.Out.find("c/x/app.py"), std::string::npos) << C.Out;
  Result O = run("--header-filter=x/ c");
  EXPECT_NE(O.Out.find("c/x/app.py"), std::string::npos) << O.Out;
  EXPECT_EQ(O.Out.find("c/y/app.py"), std::string::npos) << O.Out;
  write("d/.tee-tidy", "HeaderFilterRegex: '('\n");
  write("d/app.py", Insecure);
  EXPECT_EQ(run("d").Exit, 2);
}

TEST_F(Cli, LineFilterKeepsTheListedLines) {
  write("app.py", std::string(Insecure) + "requests.post(URL, verify=False)\n");
  write("other.py", Insecure);
  Result R = run("--line-filter='[{\"name\":\"app.py\",\"lines\":[[4,4]]}]' app.py other.py");
  EXPECT_EQ(R.Exit, 0) << R.Err;
  EXPECT_NE(R.Out.find("app.py:4:20: warning"), std::string::npos) << R.Out;
  EXPECT_EQ(R.Out.find("app.py:3:"), std::string::npos) << R.Out;
  EXPECT_EQ(R.Out.find("other.py"), std::string::npos) << R.Out;
  EXPECT_NE(R.Err.find("Suppressed 2 warnings (2 outside the line filter)."), std::string::npos)
      << R.Err;
  // A name without lines keeps the whole file.
  Result Whole = run("--line-filter='[{\"name\":\"other.py\"}]' app.py other.py");
  EXPECT_NE(Whole.Out.find("other.py:3:19: warning"), std::string::npos) << Whole.Out;
  EXPECT_EQ(Whole.Out.find("app.py:"), std::string::npos) << Whole.Out;
  for (const char *Bad :
       {"'{}'", "'[{\"lines\":[]}]'", "'[{\"name\":\"a\",\"lines\":[[3]]}]'", "'not json'"})
    EXPECT_EQ(run(std::string("--line-filter=") + Bad + " app.py").Exit, 2) << Bad;
}

TEST_F(Cli, ClangTidyDiffRunsTheChangedLines) {
  write("app.py", Insecure);
  Result Init = shell("git init -q && git add app.py && git -c user.email=t@example -c "
                      "user.name=t commit -qm init");
  ASSERT_EQ(Init.Exit, 0) << Init.Err;
  write("app.py", std::string(Insecure) + "requests.post(URL, verify=False)\n");
  // The wrapper passes -line-filter, -quiet and compiler arguments after `--`.
  Result R = shell("git diff -U0 | clang-tidy-diff-14.py -p1 -quiet -clang-tidy-binary " +
                   quote(binary()) + " -iregex '.*\\.py' -- -DUNUSED");
  EXPECT_EQ(R.Exit, 0) << R.Err;
  EXPECT_NE(R.Out.find("app.py:4:20: warning: TLS certificate verification is disabled"),
            std::string::npos)
      << R.Out << R.Err;
  EXPECT_EQ(R.Out.find("app.py:3:"), std::string::npos) << R.Out;
}

TEST_F(Cli, RunClangTidyGivesTheFindingsOfOneWholeRun) {
  // An example with a compilation database of its Python files.
  std::string Src = std::string(TEETIDY_SOURCE_DIR) + "/examples/private-llm-proxy";
  ASSERT_EQ(shell("cp -r " + quote(Src) + "/. .").Exit, 0);
  Result Db = shell("printf '[' > compile_commands.json; sep=; for f in $(find app -name '*.py' | "
                    "sort); do printf '%s{\"directory\": \"%s\", \"file\": \"%s\", "
                    "\"arguments\": [\"tee-tidy\", \"%s\"]}' \"$sep\" \"$PWD\" \"$f\" \"$f\" "
                    ">> compile_commands.json; sep=,; done; printf ']' >> compile_commands.json");
  ASSERT_EQ(Db.Exit, 0) << Db.Err;
  // Diagnostic lines without colours or directories, sorted.
  const std::string Lines = " | sed 's/\\x1b\\[[0-9;]*m//g; s|^.*/app/|app/|; s|^\\./||' | "
                            "grep -E '^app/.*\\.py:[0-9]+:[0-9]+: (warning|error): ' | sort -u";
  Result Each = shell("run-clang-tidy-14 -clang-tidy-binary " + quote(binary()) +
                      " -p . -quiet 2>/dev/null" + Lines);
  Result Whole = shell(quote(binary()) + " --quiet . 2>/dev/null" + Lines);
  ASSERT_EQ(Whole.Exit, 0) << Whole.Err;
  EXPECT_NE(Whole.Out.find("[dstack-configurable-endpoint]"), std::string::npos) << Whole.Out;
  EXPECT_EQ(Each.Out, Whole.Out);
}

TEST_F(Cli, ConfiguredSuppressionsCoverFilesWithoutComments) {
  // An app-compose.json cannot hold a NOLINT comment.
  write("app-compose.json",
        "{\n  \"manifest_version\": 2,\n  \"name\": \"s\",\n  \"runner\": \"docker-compose\",\n"
        "  \"docker_compose_file\": \"services:\\n  web:\\n    image: nginx:1.25\\n  "
        "db:\\n    image: postgres:16\\n\",\n  \"allowed_envs\": []\n}\n");
  Result Before = run("--checks='-*,dstack-image-not-pinned' --format=json app-compose.json");
  EXPECT_NE(Before.Out.find("'nginx:1.25'"), std::string::npos) << Before.Out;
  EXPECT_NE(Before.Out.find("'postgres:16'"), std::string::npos) << Before.Out;
  write(".tee-tidy", "Suppressions:\n"
                     "  - Checks: 'dstack-image-not-pinned'\n"
                     "    File: app-compose.json\n"
                     "    Line: 5\n"
                     "    Reason: the gateway image is pinned by the platform\n");
  Result After = run("--checks='-*,dstack-image-not-pinned' app-compose.json");
  EXPECT_EQ(After.Out.find("nginx"), std::string::npos) << After.Out;
  EXPECT_EQ(After.Out.find("postgres"), std::string::npos) << After.Out;
  EXPECT_NE(After.Err.find("(2 by the configuration's Suppressions)"), std::string::npos)
      << After.Err;
  Result Dump = run("--dump-config app-compose.json");
  EXPECT_NE(Dump.Out.find("Suppressions:\n  - Checks: "), std::string::npos) << Dump.Out;
  EXPECT_NE(Dump.Out.find("    Line: 5\n"), std::string::npos) << Dump.Out;
  // A fingerprint narrows an entry to one finding.
  size_t At = Before.Out.find("\"fingerprint\": \"", Before.Out.find("'nginx:1.25'"));
  ASSERT_NE(At, std::string::npos);
  std::string Nginx = Before.Out.substr(At + 16, 16);
  write(".tee-tidy", "Suppressions:\n"
                     "  - Checks: 'dstack-*'\n"
                     "    File: app-compose.json\n"
                     "    Fingerprint: '" +
                         Nginx +
                         "'\n"
                         "    Reason: accepted\n");
  Result One = run("--checks='-*,dstack-image-not-pinned' app-compose.json");
  // (Both findings are on one line: the messages tell them apart.)
  EXPECT_EQ(One.Out.find("image 'nginx:1.25' by"), std::string::npos) << One.Out;
  EXPECT_NE(One.Out.find("image 'postgres:16' by"), std::string::npos) << One.Out;
  write(".tee-tidy", "Suppressions:\n  - Checks: '*'\n    File: app-compose.json\n");
  Result Bad = run("app-compose.json");
  EXPECT_EQ(Bad.Exit, 2);
  EXPECT_NE(Bad.Err.find("needs 'Checks', 'File' and 'Reason'"), std::string::npos) << Bad.Err;
}

TEST_F(Cli, CheckProfileListsChecksAndPhases) {
  write("app.py", Insecure);
  Result R = run("--enable-check-profile --checks='-*,attestation-*,dstack-configurable-*' app.py");
  EXPECT_EQ(R.Exit, 0) << R.Err;
  EXPECT_NE(R.Err.find("tee-tidy checks profiling"), std::string::npos) << R.Err;
  for (const char *Name :
       {"attestation-tls-verification-disabled", "dstack-configurable-endpoint", "load and plan",
        "deployment model", "dataflow program", "code map", "checks\n"})
    EXPECT_NE(R.Err.find(Name), std::string::npos) << Name << "\n" << R.Err;
  EXPECT_EQ(R.Err.find("dstack-image-not-pinned"), std::string::npos) << R.Err;
  EXPECT_EQ(run("app.py").Err.find("profiling"), std::string::npos);
}

TEST_F(Cli, SummaryIsOneLine) {
  writeOperatorCompose();
  write("app.py", "import os\nimport requests\n\nrequests.get(os.environ['URL'], verify=False)\n");
  Result R = run(".");
  EXPECT_EQ(R.Exit, 1) << R.Err;
  EXPECT_NE(R.Err.find("2 warnings and 1 error generated.\n"), std::string::npos) << R.Err;
  Result W = run("--checks='-*,attestation-*' app.py");
  EXPECT_NE(W.Err.find("1 warning generated.\n"), std::string::npos) << W.Err;
  Result E = run("--checks='-*,dstack-configurable-endpoint' .");
  EXPECT_NE(E.Err.find("1 error generated.\n"), std::string::npos) << E.Err;
}

TEST_F(Cli, JsonReportAndBaselines) {
  writeOperatorCompose();
  write("app.py", "import os\nimport requests\n\nrequests.get(os.environ['URL'], verify=False)\n");
  Result J = run("--format=json --output=report.json .");
  EXPECT_EQ(J.Exit, 1) << J.Err;
  EXPECT_EQ(J.Out, "");
  std::string Report = readAll(path("report.json"));
  EXPECT_EQ(Report.rfind("{\n  \"version\": 1,", 0), 0u) << Report;
  EXPECT_NE(Report.find("\"check\": \"dstack-configurable-endpoint\",\n      \"cwe\": \"CWE-15\""),
            std::string::npos)
      << Report;
  EXPECT_NE(Report.find("\"level\": \"error\""), std::string::npos);
  EXPECT_NE(Report.find("\"message\": \"value read from os.environ['URL']\""), std::string::npos);
  EXPECT_NE(Report.find("\"fingerprint\": \""), std::string::npos);
  EXPECT_NE(Report.find("\"errors\": 1"), std::string::npos) << Report;

  // A run against its own baseline shows nothing and exits 0, also when
  // lines are inserted above the findings.
  EXPECT_EQ(run("--write-baseline=base.json .").Exit, 1);
  write("app.py", "import os\nimport requests\n\n\n\nrequests.get(os.environ['URL'], "
                  "verify=False)\n");
  Result Same = run("--baseline=base.json .");
  EXPECT_EQ(Same.Exit, 0) << Same.Err;
  EXPECT_EQ(Same.Out, "");
  EXPECT_NE(Same.Err.find("Suppressed 3 warnings (3 in the baseline)."), std::string::npos)
      << Same.Err;
  // One new finding is shown and decides the exit code.
  write("worker.py", "import os\nimport requests\n\nrequests.post(os.environ['URL'])\n");
  Result New = run("--baseline=base.json .");
  EXPECT_EQ(New.Exit, 1) << New.Err;
  EXPECT_NE(New.Out.find("worker.py:4:15: error: URL reaches requests.post"), std::string::npos)
      << New.Out;
  EXPECT_EQ(New.Out.find("app.py"), std::string::npos) << New.Out;

  write("broken.json", "{\"findings\": []}");
  EXPECT_EQ(run("--baseline=broken.json .").Exit, 2);
  EXPECT_EQ(run("--baseline=missing.json .").Exit, 2);
  EXPECT_EQ(run("--format=xml .").Exit, 2);
}

TEST_F(Cli, SarifLogHoldsRulesFlowsAndStableFingerprints) {
  writeOperatorCompose();
  write("app.py", "import os\nimport requests\n\nBASE = os.environ['URL']\n"
                  "requests.get(BASE)\n");
  Result R = run("--format=sarif .");
  EXPECT_EQ(R.Exit, 1) << R.Err;
  const std::string &Log = R.Out;
  EXPECT_NE(Log.find("\"version\": \"2.1.0\""), std::string::npos);
  EXPECT_NE(Log.find("\"id\": \"dstack-configurable-endpoint\""), std::string::npos);
  EXPECT_NE(Log.find("\"external/cwe/cwe-798\""), std::string::npos);
  // Rules carry the section "What it reports" of the check's page, and its address.
  EXPECT_NE(Log.find("\"fullDescription\": {\n                \"text\": \"A value read from the "
                     "environment that flows"),
            std::string::npos)
      << Log;
  EXPECT_NE(Log.find("/dstack-configurable-endpoint.md\""), std::string::npos) << Log;
  EXPECT_NE(Log.find("\"helpUri\": \""), std::string::npos) << Log;
  EXPECT_NE(Log.find("\"%SRCROOT%\""), std::string::npos);
  EXPECT_NE(Log.find("\"exitCode\": 1"), std::string::npos);
  // The code flow: the source, the assignment, the sink, then the evidence.
  size_t Flow = Log.find("\"threadFlows\"");
  ASSERT_NE(Flow, std::string::npos) << Log;
  size_t Read = Log.find("value read from os.environ['URL']", Flow);
  size_t Assigned = Log.find("assigned to 'BASE'", Flow);
  size_t Sink = Log.find("reaches requests.get(url=...)", Flow);
  ASSERT_NE(Sink, std::string::npos) << Log;
  EXPECT_LT(Read, Assigned);
  EXPECT_LT(Assigned, Sink);
  auto Fingerprint = [](const std::string &S) {
    size_t At = S.find("\"teeTidyFinding/v1\": \"");
    return At == std::string::npos ? std::string() : S.substr(At + 22, 16);
  };
  std::string Before = Fingerprint(Log);
  ASSERT_EQ(Before.size(), 16u) << Log;
  // Three lines inserted above keep the finding's fingerprint.
  write("app.py", "import os\nimport requests\n\n# a\n# b\n# c\nBASE = os.environ['URL']\n"
                  "requests.get(BASE)\n");
  EXPECT_EQ(Fingerprint(run("--format=sarif .").Out), Before);

  // A NOLINT'd finding is in the log, suppressed in source.
  write("app.py", "import os\nimport requests\n\nBASE = os.environ['URL']\n"
                  "requests.get(BASE)  # NOLINT\n");
  Result Quiet = run("--format=sarif .");
  EXPECT_EQ(Quiet.Exit, 0) << Quiet.Err;
  EXPECT_NE(Quiet.Out.find("\"kind\": \"inSource\""), std::string::npos) << Quiet.Out;
  EXPECT_NE(Quiet.Out.find("\"ruleId\": \"dstack-configurable-endpoint\""), std::string::npos);
}

TEST_F(Cli, InventoriesInJsonAndSarifAndTheDeploymentsFile) {
  write("docker-compose.yml", "services:\n"
                              "  app:\n"
                              "    image: ghcr.io/x/app@sha256:" +
                                  std::string(64, 'a') +
                                  "\n"
                                  "    environment:\n"
                                  "      - DATABASE_URL=${DATABASE_URL}\n"
                                  "      - KMS_ADDRESS=0x1111111111111111111111111111111111111111\n"
                                  "      - RPC_URL=${RPC_URL}\n"
                                  "    volumes:\n"
                                  "      - data:/data\n"
                                  "      - /dstack/.host-shared/out:/out\n"
                                  "      - /var/run/dstack.sock:/var/run/dstack.sock\n"
                                  "volumes:\n"
                                  "  data:\n");
  write("app.py", "import os\nimport sqlalchemy\nfrom web3 import Web3\n\n"
                  "engine = sqlalchemy.create_engine(os.environ['DATABASE_URL'])\n"
                  "w3 = Web3(Web3.HTTPProvider(os.environ['RPC_URL']))\n"
                  "kms = w3.eth.contract(address=os.environ['KMS_ADDRESS'])\n");
  Result J = run("--checks=-*,dstack-* --format=json .");
  EXPECT_EQ(J.Exit, 1) << J.Err;
  size_t Inv = J.Out.find("\"inventories\": {");
  ASSERT_NE(Inv, std::string::npos) << J.Out;
  for (const char *Want :
       {"\"address\": \"0x1111111111111111111111111111111111111111\"", "\"name\": \"KMS_ADDRESS\"",
        "\"pinning\": \"compose\"", "\"recognised\": \"DstackKms\"", "\"documents\": []",
        "\"status\": \"no-document\"", "\"backing\": \"encrypted-disk\"",
        "\"backing\": \"host-shared\"", "\"backing\": \"socket\"", "\"store\": \"database\"",
        "\"variable\": \"DATABASE_URL\"", "\"verdict\": \"operator\"",
        "\"variable\": \"KMS_ADDRESS\"", "\"verdict\": \"pinned\"",
        "\"RPC_URL: operator-controlled (RPC_URL)\""})
    EXPECT_NE(J.Out.find(Want, Inv), std::string::npos) << Want << "\n" << J.Out.substr(Inv);
  // Text output and baselines carry no inventories.
  EXPECT_EQ(run("--checks=-*,dstack-* --write-baseline=base.json .").Exit, 1);
  EXPECT_EQ(readAll(path("base.json")).find("inventories"), std::string::npos);

  Result S = run("--checks=-*,dstack-* --format=sarif .");
  EXPECT_EQ(S.Exit, 1) << S.Err;
  size_t Props = S.Out.find("\"properties\": {\n        \"inventories\": {");
  EXPECT_NE(Props, std::string::npos) << S.Out;

  // A documentation file named on the command line; a digest it lacks is a
  // finding, and the inventory says what was compared.
  write("docs/released.md", "| Release | Compose hash | Image |\n|---|---|---|\n"
                            "| 1.0 | " +
                                std::string(64, 'e') + " | x@sha256:" + std::string(64, 'b') +
                                " |\n");
  Result D = run("--checks=-*,dstack-undocumented-deployment --deployments=docs/released.md "
                 "--format=json .");
  EXPECT_EQ(D.Exit, 0) << D.Err;
  EXPECT_NE(D.Out.find("is not listed in released.md"), std::string::npos) << D.Out;
  EXPECT_NE(D.Out.find("docs/released.md\""), std::string::npos) << D.Out;
  EXPECT_NE(D.Out.find("\"status\": \"undocumented\""), std::string::npos) << D.Out;
  Result Missing = run("--deployments=docs/none.md .");
  EXPECT_EQ(Missing.Exit, 2);
  EXPECT_NE(Missing.Err.find("--deployments 'docs/none.md' is not a readable file"),
            std::string::npos)
      << Missing.Err;
}

TEST_F(Cli, ListChecks) {
  Result R = run("--list-checks");
  EXPECT_EQ(R.Exit, 0);
  EXPECT_EQ(R.Out.rfind("Enabled checks:\n    ", 0), 0u) << R.Out;
  EXPECT_NE(R.Out.find("\n    attestation-tls-verification-disabled\n"), std::string::npos);
  EXPECT_EQ(R.Out.substr(R.Out.size() - 2), "\n\n");

  Result None = run("--list-checks --checks='-*'");
  EXPECT_EQ(None.Exit, 2);
  EXPECT_NE(None.Err.find("No checks enabled."), std::string::npos);

  Result Glob = run("--list-checks --checks='-*,attestation-tls-*'");
  EXPECT_EQ(Glob.Out, "Enabled checks:\n    attestation-tls-verification-disabled\n\n");
}

TEST_F(Cli, FindingIsPrintedInClangTidyFormatAndExitsZero) {
  write("app.py", Insecure);
  Result R = run("app.py");
  EXPECT_EQ(R.Exit, 0) << R.Err;
  EXPECT_EQ(R.Out.rfind("app.py:3:19: warning: TLS certificate verification is disabled by "
                        "'verify=False'",
                        0),
            0u)
      << R.Out;
  EXPECT_NE(R.Out.find("[attestation-tls-verification-disabled]\n"
                       "requests.get(URL, verify=False)\n"
                       "                  ^~~~~~~~~~~~\n"
                       "                         True\n"),
            std::string::npos)
      << R.Out;
  EXPECT_NE(R.Err.find("1 warning generated."), std::string::npos) << R.Err;
  Result Q = run("--quiet app.py");
  EXPECT_EQ(Q.Err, "");
}

TEST_F(Cli, WarningsAsErrors) {
  write("app.py", Insecure);
  Result R = run("--warnings-as-errors='attestation-*' app.py");
  EXPECT_EQ(R.Exit, 1);
  EXPECT_NE(R.Out.find("error: TLS certificate verification is disabled"), std::string::npos);
  EXPECT_NE(R.Out.find("[attestation-tls-verification-disabled,-warnings-as-errors]"),
            std::string::npos);
  EXPECT_NE(R.Err.find("1 warning treated as error"), std::string::npos);
  // Not matching: stays a warning.
  EXPECT_EQ(run("--warnings-as-errors='dstack-*' app.py").Exit, 0);
}

TEST_F(Cli, ChecksFlagIsAppendedToConfigFile) {
  write("p/app.py", Insecure);
  write("p/.tee-tidy", "Checks: '-*'\n");
  EXPECT_EQ(run("p/app.py").Out, "");
  Result R = run("--checks='attestation-*' p/app.py");
  EXPECT_NE(R.Out.find("[attestation-tls-verification-disabled]"), std::string::npos);
  Result E = run("--checks='attestation-*' --explain-config p/app.py");
  EXPECT_EQ(E.Out, "'attestation-dev-fallback' is enabled in the command-line option "
                   "'-checks'.\n'attestation-mismatch-accepted' is enabled in the command-line "
                   "option '-checks'.\n'attestation-tls-verification-disabled' is enabled in the "
                   "command-line option '-checks'.\n'attestation-unbound-signing-key' is enabled "
                   "in the command-line option '-checks'.\n");
}

TEST_F(Cli, ConfigDiscoveryClosestWinsAndInherits) {
  write("p/.tee-tidy", "Checks: '-*'\n");
  write("p/a/app.py", Insecure);
  write("p/b/app.py", Insecure);
  write("p/b/.tee-tidy", "Checks: 'attestation-*'\nInheritParentConfig: false\n");
  write("p/c/app.py", Insecure);
  write("p/c/.tee-tidy", "InheritParentConfig: true\nWarningsAsErrors: '*'\n");
  Result R = run("p");
  EXPECT_EQ(R.Out.find("p/a/app.py"), std::string::npos) << R.Out;
  EXPECT_NE(R.Out.find("p/b/app.py:3:19: warning:"), std::string::npos) << R.Out;
  EXPECT_EQ(R.Out.find("p/c/app.py"), std::string::npos) << R.Out;
  Result Explain = run("--explain-config p/b/app.py");
  EXPECT_NE(Explain.Out.find("is enabled in the " + path("p/b/.tee-tidy") + "."), std::string::npos)
      << Explain.Out;
}

TEST_F(Cli, ConfigFlagReplacesDiscovery) {
  write("p/.tee-tidy", "Checks: '-*'\n");
  write("p/app.py", Insecure);
  Result R = run("--config=\"{Checks: 'attestation-*'}\" p/app.py");
  EXPECT_NE(R.Out.find("p/app.py:3:19"), std::string::npos) << R.Err;
  write("cfg.yaml", "Checks: '-*'\n");
  EXPECT_EQ(run("--config-file=cfg.yaml p/app.py").Out, "");
  EXPECT_EQ(run("--config=x --config-file=cfg.yaml p/app.py").Exit, 2);
}

TEST_F(Cli, BrokenConfigFilesExitTwoWithPosition) {
  write("app.py", Insecure);
  write(".tee-tidy", "Checks: 'attestation-*'\nCheks: x\n");
  Result Unknown = run("app.py");
  EXPECT_EQ(Unknown.Exit, 2);
  EXPECT_NE(Unknown.Err.find(path(".tee-tidy") + ":2:1: error: unknown key 'Cheks'"),
            std::string::npos)
      << Unknown.Err;
  EXPECT_NE(Unknown.Err.find("did you mean 'Checks'"), std::string::npos);
  EXPECT_EQ(Unknown.Out, "") << "no silent fallback to defaults";

  write(".tee-tidy", "Checks: [a\n");
  Result Syntax = run("app.py");
  EXPECT_EQ(Syntax.Exit, 2);
  EXPECT_NE(Syntax.Err.find(path(".tee-tidy") + ":"), std::string::npos) << Syntax.Err;

  write(".tee-tidy", "InheritParentConfig: maybe\n");
  Result Type = run("app.py");
  EXPECT_EQ(Type.Exit, 2);
  EXPECT_NE(Type.Err.find(path(".tee-tidy") + ":1:22: error:"), std::string::npos) << Type.Err;
}

TEST_F(Cli, CheckOptionsInBothFormsAndBadValues) {
  write("app.py", Insecure);
  write(".tee-tidy", "CheckOptions:\n  attestation-tls-verification-disabled.CheckBuildCommands: "
                     "notabool\n");
  Result Bad = run("app.py");
  EXPECT_EQ(Bad.Exit, 2);
  EXPECT_NE(Bad.Err.find(path(".tee-tidy") + ":2:"), std::string::npos) << Bad.Err;
  EXPECT_NE(Bad.Err.find("expected a boolean"), std::string::npos) << Bad.Err;
  write(".tee-tidy",
        "CheckOptions:\n  - key: attestation-tls-verification-disabled.CheckBuildCommands\n"
        "    value: false\n");
  EXPECT_EQ(run("app.py").Exit, 0);
}

TEST_F(Cli, VerifyConfigSuggestsNames) {
  write(".tee-tidy", "Checks: '-*,attestation-tls-verificaton-disabled'\nCheckOptions:\n"
                     "  attestation-tls-verification-disabled.CheckBuildCommand: true\n");
  Result R = run("--verify-config");
  EXPECT_EQ(R.Exit, 2);
  EXPECT_NE(R.Err.find("did you mean 'attestation-tls-verification-disabled'"), std::string::npos)
      << R.Err;
  EXPECT_NE(R.Err.find("did you mean 'attestation-tls-verification-disabled.CheckBuildCommands'"),
            std::string::npos)
      << R.Err;
  write(".tee-tidy", "Checks: '-*,attestation-*'\n");
  Result Ok = run("--verify-config");
  EXPECT_EQ(Ok.Exit, 0);
  EXPECT_EQ(Ok.Out, "No config errors detected.\n");
}

TEST_F(Cli, DumpConfigIsReadableConfig) {
  Result R = run("--dump-config --checks='-*,attestation-*'");
  EXPECT_EQ(R.Exit, 0);
  EXPECT_NE(R.Out.find("Checks:"), std::string::npos);
  EXPECT_NE(R.Out.find("attestation-tls-verification-disabled.CheckBuildCommands"),
            std::string::npos)
      << R.Out;
  write(".tee-tidy", R.Out);
  write("app.py", Insecure);
  Result Again = run("app.py");
  EXPECT_EQ(Again.Exit, 0) << Again.Err;
  EXPECT_NE(Again.Out.find("verify=False"), std::string::npos);
}

TEST_F(Cli, NoLintIsCountedAndUnmatchedBeginIsAnError) {
  write("app.py", "import requests\nrequests.get(URL, verify=False)  # NOLINT\n");
  Result R = run("app.py");
  EXPECT_EQ(R.Out, "");
  EXPECT_NE(R.Err.find("Suppressed 1 warnings (1 NOLINT)."), std::string::npos) << R.Err;
  write("b.py", "# NOLINTBEGIN\nimport requests\nrequests.get(URL, verify=False)\n");
  Result B = run("b.py");
  EXPECT_EQ(B.Exit, 1);
  EXPECT_NE(B.Out.find("b.py:1:3: error: unmatched 'NOLINTBEGIN'"), std::string::npos) << B.Out;
  EXPECT_NE(B.Out.find("b.py:3:19: warning:"), std::string::npos) << "region not suppressed";
}

TEST_F(Cli, InputErrors) {
  Result Missing = run("nope.py");
  EXPECT_EQ(Missing.Exit, 2);
  EXPECT_NE(Missing.Err.find("nope.py"), std::string::npos);
  write("bin.py", std::string("x = 1\0\1\2", 9));
  Result Binary = run("bin.py");
  EXPECT_EQ(Binary.Exit, 2);
  EXPECT_NE(Binary.Err.find("looks binary"), std::string::npos) << Binary.Err;
  // Walking a directory: binary files are reported as skipped, not fatal.
  write("d/bin.py", std::string("\0\0", 2));
  write("d/app.py", Insecure);
  Result Walk = run("d");
  EXPECT_EQ(Walk.Exit, 0) << Walk.Err;
  EXPECT_NE(Walk.Err.find("Skipped 1 file (1 binary)"), std::string::npos) << Walk.Err;
  Result Verbose = run("--verbose d");
  EXPECT_NE(Verbose.Err.find("d/bin.py"), std::string::npos) << Verbose.Err;
}

TEST_F(Cli, InvalidUtf8AndSyntaxErrorsAreReportedButAnalysed) {
  write("a.py", "x = '\xff'\nimport requests\nrequests.get(URL, verify=False)\n");
  Result U = run("a.py");
  EXPECT_EQ(U.Exit, 0);
  EXPECT_NE(U.Err.find("a.py:1:6: warning: not valid UTF-8"), std::string::npos) << U.Err;
  EXPECT_NE(U.Out.find("a.py:3:19: warning:"), std::string::npos);
  write("s.py", "def broken(:\n    pass\nimport requests\nrequests.get(URL, verify=False)\n");
  Result S = run("s.py");
  EXPECT_EQ(S.Exit, 0);
  EXPECT_NE(S.Err.find("s.py:1:"), std::string::npos) << S.Err;
  EXPECT_NE(S.Err.find("syntax error"), std::string::npos) << S.Err;
  EXPECT_NE(S.Out.find("s.py:4:19: warning:"), std::string::npos) << S.Out;
  // A file no query applies to is reported from the dataflow program's
  // parse, and the same without the dataflow checks.
  write("t.py", "def broken(:\n    pass\nx = 1\n");
  Result T = run("t.py");
  EXPECT_NE(T.Err.find("t.py:1:12: warning: syntax error"), std::string::npos) << T.Err;
  // Lone CRs end lines in Python: no syntax error, and findings on their lines.
  write("cr.py", "import requests\rdef f():\r    requests.get(U, verify=False)\r");
  Result Cr = run("cr.py");
  EXPECT_EQ(Cr.Err.find("syntax error"), std::string::npos) << Cr.Err;
  EXPECT_NE(Cr.Out.find("cr.py:3:21: warning:"), std::string::npos) << Cr.Out;
  Result NoDataflow = run("--checks='-*,attestation-*' t.py");
  EXPECT_NE(NoDataflow.Err.find("t.py:1:12: warning: syntax error"), std::string::npos)
      << NoDataflow.Err;
}

TEST_F(Cli, WalkHonoursGitIgnoreSkipDirsAndSize) {
  write("r/.gitignore", "ignored/\n");
  write("r/ignored/app.py", Insecure);
  write("r/node_modules/pkg/index.js", "x({rejectUnauthorized: false})\n");
  write("r/src/app.py", Insecure);
  write("r/src/big.py", std::string(2000, '#') + "\n");
  Result R = run("--max-file-size=1000 r");
  EXPECT_NE(R.Out.find("r/src/app.py"), std::string::npos);
  EXPECT_EQ(R.Out.find("ignored"), std::string::npos);
  EXPECT_EQ(R.Out.find("node_modules"), std::string::npos);
  EXPECT_NE(R.Err.find("Skipped 1 file (1 too large)"), std::string::npos) << R.Err;
  // Named on the command line, a file over the limit is an error, not a skip.
  Result Named = run("--max-file-size=1000 r/src/big.py r/src/app.py");
  EXPECT_EQ(Named.Exit, 2) << Named.Err;
  EXPECT_NE(Named.Err.find("'r/src/big.py' is larger than --max-file-size"), std::string::npos)
      << Named.Err;
  EXPECT_NE(Named.Out.find("r/src/app.py"), std::string::npos) << "the other file is analysed";
  Result Ex = run("--exclude='src/' r");
  EXPECT_EQ(Ex.Out, "");
}

TEST_F(Cli, MinifiedFilesAreSkippedWhenWalkedAndReported) {
  std::string Bundle = "x({rejectUnauthorized: false});" + std::string(12000, ' ') + "\n";
  write("m/app.bundle.js", Bundle);
  write("m/vendor.min.js", "x({rejectUnauthorized: false});\n");
  write("m/long.js", Bundle);
  write("m/ok.js", "x({rejectUnauthorized: false});\n");
  Result R = run("--verbose m");
  EXPECT_NE(R.Out.find("m/ok.js:1:4"), std::string::npos) << R.Out;
  EXPECT_EQ(R.Out.find("long.js"), std::string::npos) << R.Out;
  EXPECT_EQ(R.Out.find("min.js"), std::string::npos) << R.Out;
  EXPECT_NE(R.Err.find("Skipped 3 files (3 minified)"), std::string::npos) << R.Err;
  EXPECT_NE(R.Err.find("m/long.js: minified (a line of"), std::string::npos) << R.Err;
  // Named on the command line, a long-lined file is analysed.
  EXPECT_NE(run("m/long.js").Out.find("m/long.js:1:4"), std::string::npos);
}

TEST_F(Cli, ComposeOptionReadsOtherNamesAsComposeFiles) {
  write("deploy/prod.yml", "services:\n  api:\n    image: ${API_IMAGE}\n");
  // By its name, prod.yml is not a compose file.
  Result Plain = run("--checks='-*,dstack-image-from-env' deploy");
  EXPECT_EQ(Plain.Out, "") << Plain.Out;
  Result R = run("--checks='-*,dstack-image-from-env' --compose=deploy/prod.yml");
  EXPECT_EQ(R.Exit, 0) << R.Err;
  EXPECT_NE(R.Out.find("deploy/prod.yml:3:12: warning:"), std::string::npos) << R.Out;
  EXPECT_NE(R.Out.find("[dstack-image-from-env]"), std::string::npos) << R.Out;
  // The deployment model reads it too: the service's verdicts come from it.
  write("app/main.py", "import os, requests\nrequests.get(os.environ['API_URL'])\n");
  write("deploy/prod.yml", "services:\n  api:\n    image: x@sha256:" + std::string(64, '0') +
                               "\n    environment:\n      API_URL: ${API_URL}\n");
  Result V = run("--checks='-*,dstack-configurable-endpoint' --compose=deploy/prod.yml app");
  EXPECT_NE(V.Out.find("error: API_URL reaches requests.get(url=...) and prod.yml service "
                       "'api' lets the operator set it"),
            std::string::npos)
      << V.Out;
  EXPECT_EQ(run("--compose=deploy/missing.txt app").Exit, 2);
  // Named in .tee-tidy instead, relative to that file.
  write(".tee-tidy", "ComposeFiles: [deploy/prod.yml]\n");
  Result C = run("--checks='-*,dstack-configurable-endpoint' app");
  EXPECT_NE(C.Out.find("error: API_URL reaches requests.get(url=...) and prod.yml service"),
            std::string::npos)
      << C.Out << C.Err;
  EXPECT_NE(
      run("--dump-config app").Out.find("ComposeFiles:\n  - '" + path("deploy/prod.yml") + "'"),
      std::string::npos);
  write(".tee-tidy", "ComposeFiles: {a: b}\n");
  Result Bad = run("app");
  EXPECT_EQ(Bad.Exit, 2);
  EXPECT_NE(Bad.Err.find(path(".tee-tidy") + ":1:15: error: invalid value for 'ComposeFiles'"),
            std::string::npos)
      << Bad.Err;
}

// Checks on many files at once read the same YAML models from several
// threads; this crashed when yaml-cpp nodes were read concurrently.
TEST_F(Cli, ManyFilesInParallelReadTheModelsSafely) {
  for (int I = 0; I < 60; ++I)
    write("svc" + std::to_string(I) + "/Dockerfile",
          "FROM python:3.11\nRUN pip install requests\nCOPY . /app\n"
          "RUN pip install -r requirements.txt\n");
  for (int Run = 0; Run < 3; ++Run) {
    Result R = run("--checks='*' -j=8 .");
    EXPECT_TRUE(R.Exit == 0 || R.Exit == 1) << R.Exit << "\n" << R.Err;
    EXPECT_EQ(R.Err.find("Stack dump"), std::string::npos) << R.Err;
    EXPECT_NE(R.Out.find("svc59/Dockerfile:1:"), std::string::npos) << R.Out;
  }
}

TEST_F(Cli, MixedPythonAndNodeServicesInOneRun) {
  // One compose file, two services built from their own directories: each
  // finding takes its verdict from the service whose build context holds it.
  write("services/api/app.py", "import os\n\nimport requests\n\n\n"
                               "def publish(result):\n"
                               "    requests.post(os.environ[\"RESULTS_URL\"], json=result)\n");
  write("services/web/tsconfig.json", "{ \"compilerOptions\": { \"baseUrl\": \"src\", \"paths\": { "
                                      "\"@cfg/*\": [\"config/*\"] } } }\n");
  write("services/web/src/config/upstream.ts", "export const upstream = process.env.LLM_URL;\n");
  write("services/web/src/index.ts",
        "import OpenAI from \"openai\";\n"
        "import { upstream } from \"@cfg/upstream\";\n\n"
        "const hook = process.env.HOOK_URL ?? \"https://hooks.example\";\n"
        "await fetch(hook, { method: \"POST\", body: \"{}\" });\n"
        "await fetch(process.env.RESULTS_URL!);\n"
        "const llm = new OpenAI({ baseURL: upstream });\n");
  write("docker-compose.yml", "services:\n"
                              "  api:\n"
                              "    build:\n"
                              "      context: ./services/api\n"
                              "    environment:\n"
                              "      RESULTS_URL: ${RESULTS_URL}\n"
                              "  web:\n"
                              "    build:\n"
                              "      context: services/web\n"
                              "    environment:\n"
                              "      HOOK_URL: ${HOOK_URL}\n"
                              "      LLM_URL: http://vllm:8000/v1\n");
  Result R = run("--checks='-*,dstack-configurable-*' services docker-compose.yml");
  EXPECT_EQ(R.Exit, 1) << R.Err; // operator-controlled destinations are errors
  EXPECT_NE(R.Out.find("services/api/app.py:7:19: error: RESULTS_URL reaches "
                       "requests.post(url=...) and docker-compose.yml service 'api' lets the "
                       "operator set it (RESULTS_URL)"),
            std::string::npos)
      << R.Out;
  EXPECT_NE(R.Out.find("services/web/src/index.ts:5:13: error: HOOK_URL reaches fetch(...) and "
                       "docker-compose.yml service 'web' lets the operator set it (HOOK_URL)"),
            std::string::npos)
      << R.Out;
  // The same variable, read by the other service's code, is not set there:
  // the code default decides, which the operator cannot change.
  EXPECT_EQ(R.Out.find("services/web/src/index.ts:6:13:"), std::string::npos) << R.Out;
  EXPECT_NE(R.Out.find("docker-compose.yml:6:20: note: interpolates 'RESULTS_URL'"),
            std::string::npos)
      << R.Out;
  // Pinned for the web service, and read through the tsconfig alias.
  EXPECT_EQ(R.Out.find("LLM_URL"), std::string::npos) << R.Out;
  // Each file belongs to one service: no other service is consulted.
  EXPECT_EQ(R.Out.find("more service"), std::string::npos) << R.Out;
  EXPECT_NE(R.Err.find("2 errors generated."), std::string::npos) << R.Err;
}

TEST_F(Cli, TsConfigPathsAndBaseUrlResolveImports) {
  write("web/tsconfig.json",
        "{\n"
        "  // tsc reads comments and trailing commas\n"
        "  \"compilerOptions\": {\n"
        "    \"baseUrl\": \"src\",\n"
        "    \"paths\": { \"@cfg/*\": [\"config/*\"], \"~urls\": [\"lib/urls.ts\"], },\n"
        "  },\n"
        "}\n");
  write("web/src/config/llm/index.ts", "export const llmUrl = process.env.LLM_URL;\n");
  write("web/src/config/hooks.ts", "export const hookUrl = process.env.HOOK_URL;\n");
  write("web/src/lib/urls.ts", "export const join = (a: string, b: string) => `${a}/${b}`;\n");
  write("web/src/lib/relay.ts", "export const relayUrl = process.env.RELAY_URL;\n");
  write("web/src/main.ts", "import OpenAI from \"openai\";\n"
                           "import { llmUrl } from \"@cfg/llm\";\n"       // alias, index file
                           "import { hookUrl } from \"@cfg/hooks.js\";\n" // .js names the .ts
                           "import { join } from \"~urls\";\n"            // alias without *
                           "import { relayUrl } from \"lib/relay\";\n"    // baseUrl
                           "import { nothing } from \"@other/config\";\n" // a package
                           "new OpenAI({ baseURL: llmUrl });\n"
                           "fetch(join(hookUrl!, \"events\"));\n"
                           "fetch(relayUrl!);\n"
                           "fetch(nothing);\n");
  // The nearest tsconfig.json applies: here @cfg/* means something else.
  write("web/packages/admin/tsconfig.json",
        "{ \"compilerOptions\": { \"paths\": { \"@cfg/*\": [\"./src/env/*\"] } } }\n");
  write("web/packages/admin/src/env/hooks.ts",
        "export const hookUrl = process.env.ADMIN_HOOK_URL;\n");
  write("web/packages/admin/src/main.ts",
        "import { hookUrl } from \"@cfg/hooks\";\nfetch(hookUrl!);\n");
  // JavaScript projects configure the same in jsconfig.json.
  write(
      "js/jsconfig.json",
      "{ \"compilerOptions\": { \"baseUrl\": \".\", \"paths\": { \"#lib/*\": [\"lib/*\"] } } }\n");
  write("js/lib/env.js", "module.exports = { queue: process.env.QUEUE_URL };\n");
  write("js/main.js",
        "const { queue } = require(\"#lib/env\");\nconst axios = require(\"axios\");\n"
        "axios.post(queue, {});\n");
  Result R = run("--checks='-*,dstack-configurable-endpoint' --report-undeployed web js");
  EXPECT_EQ(R.Exit, 0) << R.Err;
  for (const char *Want :
       {"web/src/main.ts:7:23: warning: LLM_URL reaches openai({ baseURL: ... })",
        "web/src/config/llm/index.ts:1:23: note: value read from process.env.LLM_URL",
        "web/src/main.ts:8:7: warning: HOOK_URL reaches fetch(...)",
        "web/src/main.ts:8:7: note: returned by 'join'",
        "web/src/main.ts:9:7: warning: RELAY_URL reaches fetch(...)",
        "web/packages/admin/src/main.ts:2:7: warning: ADMIN_HOOK_URL reaches fetch(...)",
        "js/main.js:3:12: warning: QUEUE_URL reaches axios.post(...)"})
    EXPECT_NE(R.Out.find(Want), std::string::npos) << Want << "\n" << R.Out;
  EXPECT_EQ(R.Out.find("web/src/main.ts:10:"), std::string::npos) << R.Out;
  EXPECT_NE(R.Err.find("5 warnings generated."), std::string::npos) << R.Err;

  // A malformed tsconfig.json fails the run and names the file.
  write("web/packages/admin/tsconfig.json", "{ \"compilerOptions\": { \"paths\": [1] } }\n");
  Result Bad = run("--checks='-*,dstack-configurable-endpoint' --report-undeployed web");
  EXPECT_EQ(Bad.Exit, 2);
  EXPECT_NE(Bad.Err.find("web/packages/admin/tsconfig.json: compilerOptions.paths must be an "
                         "object"),
            std::string::npos)
      << Bad.Err;
  // Its directory gets no aliases, not those of web/tsconfig.json, where
  // @cfg/hooks names another file.
  EXPECT_EQ(Bad.Out.find("web/packages/admin/src/main.ts:2:"), std::string::npos) << Bad.Out;
  EXPECT_NE(Bad.Out.find("web/src/main.ts:8:7: warning: HOOK_URL reaches fetch(...)"),
            std::string::npos)
      << Bad.Out;
}

TEST_F(Cli, TsConfigExtendsIsFollowed) {
  // The aliases live in a shared base config, as in most monorepos.
  write("tsconfig.base.json", "{ \"compilerOptions\": { \"paths\": "
                              "{ \"@shared/*\": [\"./packages/shared/src/*\"] } } }\n");
  write("apps/api/tsconfig.json", "{ \"extends\": \"../../tsconfig.base\", "
                                  "\"compilerOptions\": { \"strict\": true } }\n");
  write("packages/shared/src/env.ts", "export const upstream = process.env.UPSTREAM_URL;\n");
  write("apps/api/src/main.ts", "import { upstream } from \"@shared/env\";\n"
                                "fetch(upstream!);\n");
  Result R = run("--checks='-*,dstack-configurable-endpoint' --report-undeployed apps packages");
  EXPECT_EQ(R.Exit, 0) << R.Err;
  EXPECT_NE(R.Out.find("apps/api/src/main.ts:2:7: warning: UPSTREAM_URL reaches fetch(...)"),
            std::string::npos)
      << R.Out;
  EXPECT_NE(R.Out.find("packages/shared/src/env.ts:1:25: note: value read from "
                       "process.env.UPSTREAM_URL"),
            std::string::npos)
      << R.Out;

  // A base that is not installed (node_modules absent) is named in a
  // warning; the run goes on, and what the file sets itself still applies.
  write("apps/api/tsconfig.json",
        "{ \"extends\": [\"@tsconfig/node20\", \"../../tsconfig.base.json\"] }\n");
  Result Missing =
      run("--checks='-*,dstack-configurable-endpoint' --report-undeployed apps packages");
  EXPECT_EQ(Missing.Exit, 0) << Missing.Err;
  EXPECT_NE(Missing.Err.find("warning: apps/api/tsconfig.json: \"extends\" names "
                             "'@tsconfig/node20', which cannot be found; its options are not "
                             "inherited"),
            std::string::npos)
      << Missing.Err;
  EXPECT_NE(Missing.Out.find("UPSTREAM_URL reaches fetch(...)"), std::string::npos) << Missing.Out;
}

TEST_F(Cli, WorkspacePackagesImportedByName) {
  // A monorepo: the gateway imports the config package by its name.
  write("package.json", "{ \"name\": \"mono\", \"private\": true, "
                        "\"workspaces\": [\"packages/*\"] }\n");
  write("packages/config/package.json",
        "{ \"name\": \"@acme/config\", \"exports\": { \".\": { "
        "\"types\": \"./dist/index.d.ts\", \"default\": \"./src/index.ts\" } } }\n");
  write("packages/config/src/index.ts", "export const llmUrl = process.env.LLM_URL;\n");
  write("packages/gateway/package.json", "{ \"name\": \"@acme/gateway\" }\n");
  // A vendored copy of a modelled library is still read through its models.
  write("packages/openai/package.json", "{ \"name\": \"openai\", \"main\": \"index.js\" }\n");
  write("packages/openai/index.js", "export default class OpenAI { constructor(o) {} }\n");
  write("packages/gateway/src/main.ts", "import OpenAI from \"openai\";\n"
                                        "import { llmUrl } from \"@acme/config\";\n"
                                        "new OpenAI({ baseURL: llmUrl });\n");
  Result R = run("--checks='-*,dstack-configurable-endpoint' --report-undeployed packages");
  EXPECT_EQ(R.Exit, 0) << R.Err;
  EXPECT_NE(R.Out.find("packages/gateway/src/main.ts:3:23: warning: LLM_URL reaches "
                       "openai({ baseURL: ... })"),
            std::string::npos)
      << R.Out;
  EXPECT_NE(R.Out.find("packages/config/src/index.ts:1:23: note: value read from "
                       "process.env.LLM_URL"),
            std::string::npos)
      << R.Out;

  // A malformed package.json is named, and the run fails as for a
  // malformed tsconfig.json.
  write("packages/config/package.json", "{ \"name\": [] }\n");
  Result Bad = run("--checks='-*,dstack-configurable-endpoint' --report-undeployed packages");
  EXPECT_EQ(Bad.Exit, 2);
  EXPECT_NE(Bad.Err.find("packages/config/package.json: name must be a string"), std::string::npos)
      << Bad.Err;
}

TEST_F(Cli, WorkspacePackageWhoseEntryIsBuildOutput) {
  // The package names only what tsc builds into dist/; its tsconfig says
  // where that comes from.
  write("packages/config/package.json",
        "{ \"name\": \"@acme/config\", \"main\": \"./dist/index.js\", "
        "\"types\": \"./dist/index.d.ts\" }\n");
  write("packages/config/tsconfig.json",
        "{ \"extends\": \"../../tsconfig.base.json\", "
        "\"compilerOptions\": { \"outDir\": \"dist\", \"rootDir\": \"src\" } }\n");
  write("tsconfig.base.json", "{ \"compilerOptions\": { \"strict\": true } }\n");
  write("packages/config/src/index.ts", "export const backendUrl = process.env.BACKEND_URL;\n");
  write("packages/gateway/package.json", "{ \"name\": \"@acme/gateway\" }\n");
  write("packages/gateway/src/main.ts", "import { backendUrl } from \"@acme/config\";\n"
                                        "fetch(backendUrl, { method: \"POST\" });\n");
  Result R = run("--checks='-*,dstack-configurable-endpoint' --report-undeployed packages");
  EXPECT_EQ(R.Exit, 0) << R.Err;
  EXPECT_NE(R.Out.find("packages/gateway/src/main.ts:2:7: warning: BACKEND_URL reaches "
                       "fetch(...)"),
            std::string::npos)
      << R.Out;
  EXPECT_NE(R.Out.find("packages/config/src/index.ts:1:27: note: value read from "
                       "process.env.BACKEND_URL"),
            std::string::npos)
      << R.Out;

  // Without an outDir the built file is not mapped back: the import stays
  // unresolved and nothing is reported.
  write("packages/config/tsconfig.json", "{ \"extends\": \"../../tsconfig.base.json\", "
                                         "\"compilerOptions\": { \"rootDir\": \"src\" } }\n");
  Result NoOut = run("--checks='-*,dstack-configurable-endpoint' --report-undeployed packages");
  EXPECT_EQ(NoOut.Exit, 0) << NoOut.Err;
  EXPECT_EQ(NoOut.Out.find("BACKEND_URL"), std::string::npos) << NoOut.Out;
}

TEST_F(Cli, ExportFixesAppliedByClangApplyReplacements) {
  write("src/app.py", Insecure);
  Result R = run("--export-fixes=fixes/fixes.yaml src/app.py");
  EXPECT_EQ(R.Exit, 0) << R.Err;
  std::string Yaml = readAll(path("fixes/fixes.yaml"));
  EXPECT_NE(Yaml.find("DiagnosticName:  attestation-tls-verification-disabled"), std::string::npos)
      << Yaml;
  EXPECT_NE(Yaml.find("ReplacementText: 'True'"), std::string::npos) << Yaml;
  EXPECT_EQ(readAll(path("src/app.py")), Insecure) << "tee-tidy never edits without --fix";
  auto Apply = llvm::sys::findProgramByName("clang-apply-replacements");
  ASSERT_TRUE(static_cast<bool>(Apply)) << "clang-apply-replacements (clang-tools-14) missing";
  int Rc = llvm::sys::ExecuteAndWait(*Apply, {*Apply, path("fixes")});
  EXPECT_EQ(Rc, 0);
  EXPECT_EQ(readAll(path("src/app.py")), "import requests\n\nrequests.get(URL, verify=True)\n");
  // No diagnostics: no file is written.
  write("clean.py", "x = 1\n");
  run("--export-fixes=none.yaml clean.py");
  EXPECT_FALSE(llvm::sys::fs::exists(path("none.yaml")));
}

TEST_F(Cli, FixRewritesOnlyWhenAsked) {
  write("app.py", Insecure);
  Result R = run("--fix app.py");
  EXPECT_EQ(R.Exit, 0);
  EXPECT_EQ(readAll(path("app.py")), "import requests\n\nrequests.get(URL, verify=True)\n");
  EXPECT_NE(R.Out.find("app.py:3:26: note: FIX-IT applied suggested code changes"),
            std::string::npos)
      << R.Out;
  EXPECT_NE(R.Err.find("tee-tidy applied 1 of 1 suggested fixes."), std::string::npos) << R.Err;
  // Findings the line filter hides are not fixed.
  write("hidden.py", Insecure);
  Result Hidden =
      run("--fix --line-filter='[{\"name\":\"hidden.py\",\"lines\":[[1,1]]}]' hidden.py");
  EXPECT_EQ(readAll(path("hidden.py")), Insecure);
  EXPECT_NE(Hidden.Err.find("tee-tidy applied 0 of 0 suggested fixes."), std::string::npos)
      << Hidden.Err;
}

TEST_F(Cli, NoLintInsideTheComposeYamlOfAnAppComposeJson) {
  write("app-compose.json",
        R"({"manifest_version": 2, "name": "n", "runner": "docker-compose", )"
        R"("docker_compose_file": "services:\n  a:\n    image: nginx:latest # )"
        R"(NOLINT(dstack-image-not-pinned)\n  b:\n    # NOLINTNEXTLINE\n    image: redis:7\n)"
        R"(  c:\n    image: busybox:1 # NOLINT(repro-*)\n", "allowed_envs": []})");
  Result R = run("--checks='-*,dstack-image-not-pinned' app-compose.json");
  EXPECT_EQ(R.Exit, 0) << R.Err;
  EXPECT_EQ(R.Out.find("'nginx:latest'"), std::string::npos) << R.Out;
  EXPECT_EQ(R.Out.find("'redis:7'"), std::string::npos) << R.Out;
  EXPECT_NE(R.Out.find("'busybox:1'"), std::string::npos) << "NOLINT of another check" << R.Out;
  EXPECT_NE(R.Err.find("Suppressed 2 warnings (2 NOLINT)"), std::string::npos) << R.Err;
  // An unmatched NOLINTBEGIN is reported at its place in the JSON file.
  write(
      "app-compose.json",
      R"({"name": "n", "docker_compose_file": "# NOLINTBEGIN\nservices:\n  a:\n    image: x:1\n"})");
  Result Unmatched = run("--checks='-*,dstack-image-not-pinned' app-compose.json");
  EXPECT_NE(Unmatched.Out.find("app-compose.json:1:41: error: in docker_compose_file: unmatched "
                               "'NOLINTBEGIN'"),
            std::string::npos)
      << Unmatched.Out;
}

TEST_F(Cli, ProgressLineOnlyOnATerminal) {
  write("app.py", Insecure);
  ASSERT_TRUE(static_cast<bool>(llvm::sys::findProgramByName("script")))
      << "script (bsdutils) gives the run a terminal";
  // `script` runs the tool with a terminal as stdout and stderr.
  auto OnTerminal = [&](const std::string &Args) {
    return shell("script -qfec " + quote(quote(binary()) + " " + Args + " >/dev/null") +
                 " /dev/null");
  };
  Result Tty = OnTerminal("app.py");
  EXPECT_EQ(Tty.Exit, 0) << Tty.Out;
  EXPECT_NE(Tty.Out.find("\r\x1b[Ktee-tidy: reading 0/"), std::string::npos) << Tty.Out;
  EXPECT_NE(Tty.Out.find("tee-tidy: checking "), std::string::npos) << Tty.Out;
  // The line is taken away before the summary.
  EXPECT_NE(Tty.Out.find("\r\x1b[K1 warning generated."), std::string::npos) << Tty.Out;
  Result Quiet = OnTerminal("--quiet app.py");
  EXPECT_EQ(Quiet.Out.find("tee-tidy: reading"), std::string::npos) << Quiet.Out;
  // stderr to a file or a pipe: no progress line.
  Result Piped = run("app.py");
  EXPECT_EQ(Piped.Err.find("\x1b[K"), std::string::npos) << Piped.Err;
  EXPECT_EQ(Piped.Err.find("tee-tidy: reading"), std::string::npos) << Piped.Err;
}

TEST_F(Cli, CompilationDatabase) {
  write("a.py", Insecure);
  write("b.py", Insecure);
  write("c.cpp", "int main() {}\n");
  write("noext", Insecure);
  write("build/compile_commands.json",
        "[\n"
        " {\"directory\": \"" +
            std::string(Dir) +
            "\", \"file\": \"a.py\",\n"
            "  \"arguments\": [\"/usr/bin/tee-tidy\", \"a.py\"]},\n"
            " {\"directory\": \"" +
            std::string(Dir) +
            "\", \"file\": \"b.py\",\n"
            "  \"arguments\": [\"tee-tidy\", \"--checks=-*\", \"b.py\"]},\n"
            " {\"directory\": \"" +
            std::string(Dir) +
            "\", \"file\": \"noext\",\n"
            "  \"command\": \"tee-tidy --lang=python noext\"},\n"
            " {\"directory\": \"" +
            std::string(Dir) +
            "\", \"file\": \"c.cpp\",\n"
            "  \"arguments\": [\"clang++\", \"-c\", \"c.cpp\"]}\n"
            "]\n");
  Result R = run("-p build");
  EXPECT_EQ(R.Exit, 0) << R.Err;
  EXPECT_NE(R.Out.find(path("a.py") + ":3:19: warning:"), std::string::npos) << R.Out;
  EXPECT_EQ(R.Out.find("b.py"), std::string::npos) << "entry flags apply to their file";
  EXPECT_NE(R.Out.find(path("noext") + ":3:19: warning:"), std::string::npos) << R.Out;
  EXPECT_EQ(R.Out.find("c.cpp"), std::string::npos);
  Result Only = run("-p build b.py noext");
  EXPECT_EQ(Only.Out.find("a.py"), std::string::npos);
  EXPECT_NE(Only.Out.find("noext"), std::string::npos);
  EXPECT_EQ(run("-p nowhere").Exit, 2);
  // A named file the database does not list is analysed with the defaults.
  write("d.py", Insecure);
  Result Unlisted = run("-p build d.py b.py");
  EXPECT_NE(Unlisted.Out.find("d.py:3:19: warning:"), std::string::npos)
      << Unlisted.Out << Unlisted.Err;
  EXPECT_EQ(Unlisted.Out.find("b.py"), std::string::npos) << Unlisted.Out;
}

TEST_F(Cli, CompilationDatabaseCompilesCAndCpp) {
  write("include/curl/curl.h", "typedef void CURL;\n"
                               "typedef enum { CURLOPT_URL = 10002 } CURLoption;\n"
                               "CURL *curl_easy_init(void);\n"
                               "int curl_easy_setopt(CURL *c, CURLoption o, ...);\n");
  write("src/main.c",
        "#include <stdlib.h>\n"
        "#include <curl/curl.h>\n"
        "int main(void) {\n"
        "  curl_easy_setopt(curl_easy_init(), CURLOPT_URL, getenv(\"UPSTREAM_URL\"));\n"
        "  return 0;\n"
        "}\n");
  write("docker-compose.yml", "services:\n  app:\n    build: .\n    environment:\n"
                              "      UPSTREAM_URL: ${UPSTREAM_URL}\n");
  write("Dockerfile", "FROM gcc:12\nCOPY . /src\nRUN cc -Iinclude -o /app src/main.c\n"
                      "CMD [\"/app\"]\n");
  // A compiler's entry, with the arguments a build system writes.
  write("build/compile_commands.json",
        "[{\"directory\": \"" + path("build") + "\", \"file\": \"" + path("src/main.c") +
            "\", \"command\": \"/usr/bin/cc -I../include -O2 -o main.o -c " + path("src/main.c") +
            "\"}]\n");
  const std::string Finding =
      "main.c:4:51: error: UPSTREAM_URL reaches curl_easy_setopt(...) and docker-compose.yml "
      "service 'app' lets the operator set it (UPSTREAM_URL) [dstack-configurable-endpoint]";
  Result Db = run("--checks=-*,dstack-configurable-endpoint -p build");
  EXPECT_EQ(Db.Exit, 1) << Db.Err;
  EXPECT_NE(Db.Out.find(Finding), std::string::npos) << Db.Out << Db.Err;
  // The arguments after `--` stand for the database.
  Result Fixed = run("--checks=-*,dstack-configurable-endpoint src/main.c -- -Iinclude");
  EXPECT_NE(Fixed.Out.find(Finding), std::string::npos) << Fixed.Out << Fixed.Err;
  // Without a compile command: a walked file is skipped, a named one fails.
  Result Walked = run("--verbose --checks=-*,dstack-configurable-endpoint src");
  EXPECT_EQ(Walked.Exit, 0) << Walked.Err;
  EXPECT_NE(Walked.Err.find("no compile command"), std::string::npos) << Walked.Err;
  Result Named = run("--checks=-*,dstack-configurable-endpoint --no-project-context src/main.c");
  EXPECT_EQ(Named.Exit, 2) << Named.Err;
  EXPECT_NE(Named.Err.find("has no compile command"), std::string::npos) << Named.Err;
  // A header Clang cannot find is a warning that names it; the rest is analysed.
  write("src/other.c", "#include <stdlib.h>\n#include \"absent/header.h\"\n"
                       "const char *url(void) { return getenv(\"UPSTREAM_URL\"); }\n");
  Result Missing = run("--checks=-*,dstack-configurable-endpoint src/other.c --");
  EXPECT_NE(Missing.Err.find("other.c:2:10: clang: 'absent/header.h' file not found"),
            std::string::npos)
      << Missing.Err;
}

TEST_F(Cli, CompilationDatabaseFoundInParentDirectories) {
  write("src/pkg/a.py", Insecure);
  write("src/pkg/b.py", Insecure);
  write("src/compile_commands.json",
        "[{\"directory\": \"" + path("src") +
            "\", \"file\": \"pkg/b.py\", \"arguments\": [\"tee-tidy\", \"--checks=-*\", "
            "\"pkg/b.py\"]}]\n");
  // Without -p the nearest database gives b.py its flags; a.py gets the defaults.
  Result R = run("src/pkg/a.py src/pkg/b.py");
  EXPECT_EQ(R.Exit, 0) << R.Err;
  EXPECT_NE(R.Out.find("a.py:3:19: warning:"), std::string::npos) << R.Out;
  EXPECT_EQ(R.Out.find("b.py"), std::string::npos) << R.Out;
  // After `--` no database is looked for, as in clang-tidy.
  Result Fixed = run("src/pkg/b.py --");
  EXPECT_NE(Fixed.Out.find("b.py:3:19: warning:"), std::string::npos) << Fixed.Out;
  // A broken database found on the way is a warning, and the run goes on.
  write("src/compile_commands.json", "[{\"directory\": ");
  Result Broken = run("src/pkg/b.py");
  EXPECT_EQ(Broken.Exit, 0) << Broken.Err;
  EXPECT_NE(Broken.Err.find("ignoring the compilation database found"), std::string::npos)
      << Broken.Err;
  EXPECT_NE(Broken.Out.find("b.py:3:19: warning:"), std::string::npos) << Broken.Out;
}

/// The digest `sha256sum` prints for \p Path (empty if it cannot run).
std::string sha256sum(const std::string &Path) {
  llvm::SmallString<128> Out;
  if (llvm::sys::fs::createTemporaryFile("sha256sum", "txt", Out))
    return "";
  llvm::Optional<llvm::StringRef> Redirects[] = {llvm::StringRef(""), llvm::StringRef(Out),
                                                 llvm::StringRef("")};
  int Rc = llvm::sys::ExecuteAndWait("/bin/sh", {"/bin/sh", "-c", "sha256sum " + quote(Path)},
                                     llvm::None, Redirects, 60);
  std::string Text = readAll(std::string(Out));
  llvm::sys::fs::remove(Out);
  return Rc == 0 ? Text.substr(0, Text.find(' ')) : "";
}

/// The value after "compose_hash: " in --compose-hash output.
std::string printedHash(const std::string &Out) {
  size_t P = Out.find("compose_hash: ");
  return P == std::string::npos ? "" : Out.substr(P + 14, 64);
}

TEST_F(Cli, ComposeHashEqualsSha256sum) {
  std::string Compose = "services:\n  app:\n    image: nginx@sha256:" + std::string(64, 'a') +
                        "\n    environment:\n      - MODE=${MODE}\n";
  // Compact and sorted (Phala Cloud, SDKs), indented (vmm-cli), and
  // non-ASCII written raw (ensure_ascii=False) or escaped.
  std::string Escaped;
  for (char C : Compose)
    Escaped += C == '\n' ? std::string("\\n") : std::string(1, C);
  std::string Files[] = {
      write("compact/app-compose.json",
            "{\"allowed_envs\":[\"MODE\"],\"docker_compose_file\":\"" + Escaped +
                "\",\"kms_enabled\":true,\"manifest_version\":2,\"name\":\"demo\","
                "\"public_logs\":true,\"runner\":\"docker-compose\"}"),
      write("indented/app-compose.json",
            "{\n    \"manifest_version\": 2,\n    \"name\": \"demo\",\n    \"runner\": "
            "\"docker-compose\",\n    \"docker_compose_file\": \"" +
                Escaped +
                "\",\n    \"allowed_envs\": [\n        \"MODE\"\n    ],\n    "
                "\"kms_enabled\": true\n}\n"),
      write("raw-utf8/app-compose.json",
            "{\"name\":\"d\xC3\xA9mo \xE2\x9C\x93\",\"runner\":\"docker-compose\","
            "\"docker_compose_file\":\"" +
                Escaped + "\",\"allowed_envs\":[\"MODE\"]}"),
      write("escaped/app-compose.json",
            "{\"name\":\"d\\u00e9mo \\u2713 \\ud83d\\ude00\",\"runner\":\"docker-compose\","
            "\"docker_compose_file\":\"" +
                Escaped + "\",\"allowed_envs\":[\"MODE\"]}"),
  };
  std::set<std::string> Seen;
  for (const std::string &F : Files) {
    Result R = run("--compose-hash " + quote(F));
    EXPECT_EQ(R.Exit, 0) << F << "\n" << R.Err;
    std::string Want = sha256sum(F);
    ASSERT_EQ(Want.size(), 64u) << "sha256sum did not run";
    EXPECT_EQ(printedHash(R.Out), Want) << F;
    EXPECT_NE(R.Out.find("app_id (default, without on-chain KMS): " + Want.substr(0, 40) + "\n"),
              std::string::npos)
        << R.Out;
    EXPECT_NE(R.Out.find("allowed_envs: MODE\n"), std::string::npos) << R.Out;
    EXPECT_NE(R.Out.find("  app: image nginx@sha256:"), std::string::npos) << R.Out;
    EXPECT_NE(R.Out.find("(pinned by @sha256 digest)"), std::string::npos) << R.Out;
    Seen.insert(Want);
  }
  EXPECT_EQ(Seen.size(), 4u) << "the same manifest serialised differently hashes differently";
  Result Raw = run("--compose-hash " + quote(Files[2]));
  EXPECT_NE(Raw.Out.find("name: d\xC3\xA9mo \xE2\x9C\x93\n"), std::string::npos) << Raw.Out;
  Result Esc = run("--compose-hash " + quote(Files[3]));
  EXPECT_NE(Esc.Out.find("name: d\xC3\xA9mo \xE2\x9C\x93 \xF0\x9F\x98\x80\n"), std::string::npos)
      << Esc.Out;
}

TEST_F(Cli, TcbInfoEventLogIsCheckedAndRtmr3Replayed) {
  // The documents and their digests are built by a script with hashlib.
  Result Made =
      shell("python3 " +
            quote(std::string(TEETIDY_SOURCE_DIR) + "/tests/tcbinfo/make-tcb-info.py") + " .");
  ASSERT_EQ(Made.Exit, 0) << Made.Err;
  std::string Expected = readAll(path("expected.txt"));
  auto Value = [&](const std::string &Key) {
    size_t At = Expected.find(Key + " ");
    return At == std::string::npos ? std::string()
                                   : Expected.substr(At + Key.size() + 1,
                                                     Expected.find('\n', At) - At - Key.size() - 1);
  };
  for (const char *Good : {"good", "good-v2", "info-response"}) {
    Result R = run("--tcb-info " + std::string(Good) + ".json");
    EXPECT_EQ(R.Exit, 0) << Good << "\n" << R.Err;
    EXPECT_NE(R.Out.find("agree, and with the event log and RTMR3"), std::string::npos) << R.Out;
    std::string Rtmr3 = Value(std::string(Good) == "good-v2" ? "rtmr3-v2" : "rtmr3");
    ASSERT_EQ(Rtmr3.size(), 96u) << Expected;
    EXPECT_NE(R.Out.find("RTMR3 replayed from the payloads: " + Rtmr3 + " (matches the tcb_info)"),
              std::string::npos)
        << R.Out;
    EXPECT_NE(R.Out.find("  app-id: 1234567890abcdef1234567890abcdef12345678 (digest version"),
              std::string::npos)
        << R.Out;
    EXPECT_NE(R.Out.find("  instance-id: aabbccddeeff00112233445566778899aabbccdd"),
              std::string::npos)
        << R.Out;
    EXPECT_NE(R.Out.find("  compose-hash: " + Value("compose_hash")), std::string::npos) << R.Out;
  }
  const std::pair<const char *, std::vector<std::string>> Bad[] = {
      {"wrong-compose-event",
       {"error: RTMR3 event 'compose-hash': the payload bbbb", "is not the compose hash"}},
      {"tampered-digest",
       {"error: RTMR3 event 'app-id': the recorded digest",
        "error: RTMR3 replayed from the event log is"}},
      {"tampered-payload",
       {"error: RTMR3 event 'app-id': the recorded digest",
        "error: RTMR3 replayed from the event log is"}},
      {"missing-events",
       {"error: RTMR3 event 'compose-hash' is missing",
        "error: RTMR3 event 'instance-id' is missing"}},
      {"wrong-rtmr3", {"but the tcb_info says cdcdcd"}},
      {"wrong-app-id", {"error: RTMR3 event 'app-id' has payload 1234567890abcdef"}},
  };
  for (const auto &[Name, Messages] : Bad) {
    Result R = run("--tcb-info " + std::string(Name) + ".json");
    EXPECT_EQ(R.Exit, 1) << Name << "\n" << R.Err;
    for (const std::string &M : Messages)
      EXPECT_NE(R.Err.find(M), std::string::npos) << Name << ": " << M << "\n" << R.Err;
    EXPECT_EQ(R.Out.find("agree"), std::string::npos) << Name << "\n" << R.Out;
  }
}

TEST_F(Cli, ComposeHashSummary) {
  std::string F = write("app-compose.json",
                        R"({"name": "s", "runner": "docker-compose", "key_provider": "tpm",
"docker_compose_file": "services:\n  a:\n    image: x:latest\n  b:\n    image: ${IMG}\n  c:\n    build: ./c\n",
"public_tcbinfo": false, "pre_launch_script": "echo hi", "init_script": ["a", "b"], "allowed_env": []})");
  Result R = run("--compose-hash " + quote(F));
  EXPECT_EQ(R.Exit, 0) << R.Err;
  for (const char *Want :
       {"name: s\n", "runner: docker-compose\n", "key provider: tpm (from key_provider)\n",
        "allowed_envs: (none)\n", "public_tcbinfo: false\n",
        "scripts: pre_launch_script (7 bytes), init_script (2 scripts)\n",
        "unknown keys (still hashed): allowed_env\n", "  a: image x:latest (not pinned: a tag)\n",
        "  b: image ${IMG} (chosen by interpolation)\n",
        "  c: no image, built in the CVM from ./c\n"})
    EXPECT_NE(R.Out.find(Want), std::string::npos) << Want << "\n" << R.Out;
}

TEST_F(Cli, ComposeHashBadInput) {
  Result Missing = run("--compose-hash nowhere.json");
  EXPECT_EQ(Missing.Exit, 2);
  EXPECT_NE(Missing.Err.find("no such file or directory: 'nowhere.json'"), std::string::npos)
      << Missing.Err;
  std::string Yaml = write("app-compose.json", "services:\n  a: {}\n");
  Result NotJson = run("--compose-hash " + quote(Yaml));
  EXPECT_EQ(NotJson.Exit, 2);
  EXPECT_EQ(printedHash(NotJson.Out), sha256sum(Yaml)) << "the raw bytes still hash";
  EXPECT_NE(NotJson.Err.find(Yaml + ":1:1: error: not valid JSON"), std::string::npos)
      << NotJson.Err;
  // Truncated JSON: exit 2, and no summary of what was read before the end.
  std::string Cut =
      write("cut/app-compose.json", "{\"name\": \"x\", \"docker_compose_file\": \"se");
  Result Truncated = run("--compose-hash " + quote(Cut));
  EXPECT_EQ(Truncated.Exit, 2) << Truncated.Err;
  EXPECT_EQ(Truncated.Out.find("name: x"), std::string::npos) << Truncated.Out;
  EXPECT_NE(Truncated.Err.find("error: not valid JSON: unterminated string"), std::string::npos)
      << Truncated.Err;
  std::string Dup =
      write("dup/app-compose.json", "{\"name\": \"a\",\n \"allowed_envs\": 5,\n \"name\": \"b\"}");
  Result D = run("--compose-hash " + quote(Dup));
  EXPECT_EQ(D.Exit, 1);
  EXPECT_NE(D.Err.find(Dup + ":2:18: error: 'allowed_envs' should be an array of strings"),
            std::string::npos)
      << D.Err;
  EXPECT_NE(D.Err.find(Dup + ":3:2: error: duplicate key 'name'"), std::string::npos) << D.Err;
}

TEST_F(Cli, ExpectComposeHash) {
  std::string F = write("app-compose.json", "{\"name\":\"x\"}");
  std::string Hash = sha256sum(F);
  ASSERT_EQ(Hash.size(), 64u);
  Result Ok = run("--compose-hash " + quote(F) + " --expect-compose-hash=" + Hash);
  EXPECT_EQ(Ok.Exit, 0) << Ok.Err;
  EXPECT_NE(Ok.Out.find("expected compose hash: matches"), std::string::npos);
  Result Upper = run("--compose-hash " + quote(F) + " --expect-compose-hash=0x" +
                     llvm::StringRef(Hash).upper());
  EXPECT_EQ(Upper.Exit, 0) << Upper.Err;
  std::string Other(64, '0');
  Result Bad = run("--compose-hash " + quote(F) + " --expect-compose-hash=" + Other);
  EXPECT_EQ(Bad.Exit, 1);
  EXPECT_NE(Bad.Err.find("compose hash mismatch: expected " + Other + ", got " + Hash),
            std::string::npos)
      << Bad.Err;
  EXPECT_EQ(run("--compose-hash " + quote(F) + " --expect-compose-hash=xyz").Exit, 2);
  EXPECT_EQ(run("--expect-compose-hash=" + Hash + " x.py").Exit, 2);
}

/// A JSON string literal holding \p S.
std::string jsonString(const std::string &S) {
  std::string Out = "\"";
  for (char C : S) {
    if (C == '"' || C == '\\')
      Out += '\\';
    if (C == '\n') {
      Out += "\\n";
      continue;
    }
    Out += C;
  }
  return Out + "\"";
}

TEST_F(Cli, TcbInfo) {
  std::string Manifest = "{\"name\":\"t\",\"docker_compose_file\":\"services: {}\\n\"}";
  std::string F = write("app-compose.json", Manifest);
  std::string Hash = sha256sum(F);
  ASSERT_EQ(Hash.size(), 64u);
  std::string Tcb = "{\"compose_hash\": \"" + Hash +
                    "\", \"app_compose\": " + jsonString(Manifest) + ", \"rtmr3\": \"00\"}";
  std::string Good = write("tcb.json", Tcb);
  Result Alone = run("--tcb-info=" + quote(Good));
  EXPECT_EQ(Alone.Exit, 0) << Alone.Err;
  EXPECT_EQ(printedHash(Alone.Out), Hash);
  EXPECT_NE(Alone.Out.find("app_compose and compose_hash agree"), std::string::npos);
  Result WithFile = run("--compose-hash " + quote(F) + " --tcb-info=" + quote(Good));
  EXPECT_EQ(WithFile.Exit, 0) << WithFile.Err;
  // The guest agent's Info response holds tcb_info as a JSON string.
  std::string Info =
      write("info.json", "{\"app_id\": \"x\", \"tcb_info\": " + jsonString(Tcb) + "}");
  EXPECT_EQ(run("--compose-hash " + quote(F) + " --tcb-info=" + quote(Info)).Exit, 0);

  // Re-serialised app_compose: its hash no longer matches compose_hash.
  std::string Pretty = "{\n  \"name\": \"t\",\n  \"docker_compose_file\": \"services: {}\\n\"\n}";
  std::string Reserialised =
      write("reserialised.json",
            "{\"compose_hash\": \"" + Hash + "\", \"app_compose\": " + jsonString(Pretty) + "}");
  Result Mismatch = run("--tcb-info=" + quote(Reserialised));
  EXPECT_EQ(Mismatch.Exit, 1);
  EXPECT_NE(Mismatch.Err.find("compose hash mismatch: sha256(app_compose) is"), std::string::npos)
      << Mismatch.Err;
  // A consistent tcb_info for a different file.
  std::string Other = write("other/app-compose.json", "{\"name\":\"other\"}");
  Result Differs = run("--compose-hash " + quote(Other) + " --tcb-info=" + quote(Good));
  EXPECT_EQ(Differs.Exit, 1);
  EXPECT_NE(Differs.Err.find(Other + ": error: compose hash mismatch: the file hashes to"),
            std::string::npos)
      << Differs.Err;

  EXPECT_EQ(run("--tcb-info=nowhere.json").Exit, 2);
  Result NotJson = run("--tcb-info=" + quote(write("bad.json", "{\"compose_hash\": ")));
  EXPECT_EQ(NotJson.Exit, 2);
  EXPECT_NE(NotJson.Err.find("bad.json:1:18: error: expected a JSON value"), std::string::npos)
      << NotJson.Err;
  Result NoFields = run("--tcb-info=" + quote(write("nofields.json", "{\"rtmr3\": \"00\"}")));
  EXPECT_EQ(NoFields.Exit, 2);
  EXPECT_NE(NoFields.Err.find("expected string fields 'app_compose' and 'compose_hash'"),
            std::string::npos);
  Result BadHash =
      run("--tcb-info=" +
          quote(write("badhash.json", "{\"compose_hash\": \"abc\", \"app_compose\": \"{}\"}")));
  EXPECT_EQ(BadHash.Exit, 2);
  EXPECT_NE(BadHash.Err.find("badhash.json:1:18: error: 'compose_hash' is not a 64-digit hex"),
            std::string::npos)
      << BadHash.Err;
}

TEST_F(Cli, AppComposeIsAnalysed) {
  write("app-compose.json",
        "{\n\"docker_compose_file\": \"services:\\n  a:\\n    image: x\\n    environment:\\n"
        "      - DEV_MODE=${DEV_MODE}\\n\",\n\"allowed_envs\": [\"DEV_MODE\"]\n}\n");
  write("bad/app-compose.json", "{\"docker_compose_file\": \"services:\\n  a: [\\n\"}");
  Result R = run("--checks=-*,dstack-operator-controlled-flag .");
  EXPECT_EQ(R.Exit, 1) << R.Out << R.Err; // the broken manifest is an error
  EXPECT_NE(R.Out.find("app-compose.json:2:91: warning: service 'a' sets DEV_MODE from "
                       "operator-controlled variable 'DEV_MODE'"),
            std::string::npos)
      << R.Out;
  EXPECT_NE(R.Out.find("app-compose.json:3:18: warning: allowed_envs lets the operator set "
                       "DEV_MODE"),
            std::string::npos)
      << R.Out;
  EXPECT_NE(R.Out.find("error: in docker_compose_file: "), std::string::npos) << R.Out;
  EXPECT_NE(R.Out.find("[tee-tidy-input-error]"), std::string::npos) << R.Out;
}

TEST_F(Cli, CodeNoDeploymentRunsIsHeldBackAndCounted) {
  write("app.py", "import os\nimport requests\n\nrequests.get(os.environ['API_URL'])\n"
                  "requests.post(os.environ['HOOK_URL'], json={})\n");
  Result R = run("--checks='-*,dstack-configurable-endpoint' .");
  EXPECT_EQ(R.Exit, 0) << R.Err;
  EXPECT_EQ(R.Out, "");
  std::string Line = "Held back 2 findings in code or compose files no deployment runs (2 no "
                     "deployment file); use --report-undeployed to show them.\n";
  EXPECT_NE(R.Err.find(Line), std::string::npos) << R.Err;
  // Said once, not per finding or per file.
  EXPECT_EQ(R.Err.find("Held back", R.Err.find(Line) + 1), std::string::npos) << R.Err;

  Result Shown = run("--checks='-*,dstack-configurable-endpoint' --report-undeployed .");
  EXPECT_NE(Shown.Out.find("app.py:4:14: warning: API_URL reaches requests.get(url=...) and no "
                           "docker-compose service among the analysed files sets it"),
            std::string::npos)
      << Shown.Out;
  EXPECT_NE(Shown.Out.find("note: reported because ReportUndeployed is set: no compose file or "
                           "app-compose.json is among the analysed files"),
            std::string::npos)
      << Shown.Out;
  EXPECT_EQ(Shown.Err.find("Held back"), std::string::npos) << Shown.Err;
  // The configuration can ask too; --quiet keeps the count off stderr.
  write(".tee-tidy", "CheckOptions:\n  ReportUndeployed: true\n");
  Result Configured = run("--checks='-*,dstack-configurable-endpoint' .");
  EXPECT_NE(Configured.Out.find("API_URL reaches"), std::string::npos) << Configured.Err;
  write(".tee-tidy", "CheckOptions:\n  ReportUndeployed: maybe\n");
  Result Bad = run("--checks='-*,dstack-configurable-endpoint' .");
  EXPECT_EQ(Bad.Exit, 2);
  EXPECT_NE(Bad.Err.find("invalid value 'maybe' for option 'ReportUndeployed'"), std::string::npos)
      << Bad.Err;
}

TEST_F(Cli, VerboseListsDeploymentsServicesAndWhatTheyRun) {
  write("docker-compose.yml", "services:\n  api:\n    build: ./api\n    volumes:\n"
                              "      - /var/run/dstack.sock:/var/run/dstack.sock\n"
                              "  db:\n    image: postgres:16\n");
  write("docker-compose.dev.yml", "services:\n  api:\n    build: ./api\n");
  write("api/Dockerfile", "FROM python:3.12\nCOPY . .\nCMD [\"python\", \"main.py\"]\n");
  write("api/main.py", "print(1)\n");
  write("tools/seed.py", "print(1)\n");
  Result R = run("--checks='-*,dstack-configurable-endpoint' --verbose .");
  EXPECT_EQ(R.Exit, 0) << R.Err;
  for (const char *Want :
       {"Deployments:\n",
        "  docker-compose.yml: dstack deployment (service 'api' mounts /var/run/dstack.sock), "
        "governs .\n",
        "    service 'api'\n      holds api (strong): api/Dockerfile copies '.' into its image\n",
        "      starts main.py (strong): the CMD of api/Dockerfile\n", "      runs api/main.py\n",
        "    service 'db': a database, runs no application code\n",
        "  docker-compose.dev.yml: decides nothing: docker-compose.yml is the dstack deployment of "
        "this code",
        "  Held back (no deployment runs them):\n    tools/seed.py (not run by any service)\n"})
    EXPECT_NE(R.Err.find(Want), std::string::npos) << Want << "\n" << R.Err;
}

TEST_F(Cli, ExamplesMatchGoldenOutput) {
  std::string Src = TEETIDY_SOURCE_DIR;
  Result R = run("--quiet examples", Src);
  std::string Golden = readAll(Src + "/tests/e2e/golden/examples.txt");
  ASSERT_FALSE(Golden.empty());
  EXPECT_EQ(R.Out, Golden) << "update tests/e2e/golden/examples.txt if the change is intended";
  EXPECT_NE(R.Out.find("[attestation-tls-verification-disabled]"), std::string::npos);
  // Each example has one finding of each attestation check.
  for (const char *File : {"examples/private-llm-proxy/app/quotes.py:",
                           "examples/node-llm-gateway/src/attestation.ts:"})
    for (const char *Check : {"[attestation-dev-fallback]", "[attestation-mismatch-accepted]",
                              "[attestation-unbound-signing-key]"}) {
      size_t At = R.Out.find(File);
      bool Found = false;
      for (; At != std::string::npos && !Found; At = R.Out.find(File, At + 1))
        Found = R.Out.substr(At, R.Out.find('\n', At) - At).find(Check) != std::string::npos;
      EXPECT_TRUE(Found) << File << " " << Check;
    }
  // The TypeScript example's findings, with notes from its zod schema.
  EXPECT_NE(R.Out.find("examples/node-llm-gateway/src/llm.ts:8:38: error: LLM_BASE_URL reaches "
                       "openai({ baseURL: ... })"),
            std::string::npos);
  EXPECT_NE(R.Out.find("examples/node-llm-gateway/src/config.ts:5:17: note: value read from key "
                       "'LLM_BASE_URL'"),
            std::string::npos);
  // Left to the schema's default by the attested compose file: not reported.
  EXPECT_EQ(R.Out.find("WEBHOOK_URL"), std::string::npos);
  // Why the service runs the file, and one finding for a manifest and the
  // compose file it embeds.
  EXPECT_NE(R.Out.find("note: service 'proxy' runs this file: docker-compose.yml builds its "
                       "image (service 'proxy'), and the CMD of Dockerfile starts 'app.main', "
                       "which imports it"),
            std::string::npos);
  EXPECT_NE(R.Out.find("examples/private-llm-proxy/app-compose.json:5:403: note: app-compose.json "
                       "embeds this compose file and has the same finding here"),
            std::string::npos);
}

} // namespace

namespace {

TEST_F(Cli, FailedWritesAreErrorsNotAborts) {
  write("app.py", Insecure);
  // stdout on a full disk; once an abort with a stack dump.
  Result Out = run("app.py > /dev/full");
  EXPECT_EQ(Out.Exit, 2) << Out.Err;
  EXPECT_NE(Out.Err.find("cannot write the output: No space left on device"), std::string::npos)
      << Out.Err;
  EXPECT_EQ(Out.Err.find("Stack dump"), std::string::npos) << Out.Err;
  Result Fixes = run("--export-fixes=/dev/full app.py");
  EXPECT_EQ(Fixes.Exit, 2) << Fixes.Err;
  EXPECT_NE(Fixes.Err.find("cannot write '/dev/full'"), std::string::npos) << Fixes.Err;
}

TEST_F(Cli, OptionsThatReadAFileTakeRegularFilesOnly) {
  // /dev/zero never ends and a FIFO blocks: both once ran out of memory or
  // waited for ever.
  ASSERT_EQ(::system(("mkfifo " + quote(path("fifo.json"))).c_str()), 0);
  for (const std::string &Args :
       {std::string("--compose-hash=/dev/zero"), std::string("--tcb-info=/dev/zero"),
        "--compose-hash=" + quote(path("fifo.json")), std::string("--config-file=/dev/zero .")}) {
    Result R = run(Args);
    EXPECT_EQ(R.Exit, 2) << Args << ": " << R.Err;
    EXPECT_NE(R.Err.find("not a regular file"), std::string::npos) << Args << ": " << R.Err;
  }
  write("big-app-compose.json", "{\"x\": \"" + std::string(2 << 20, 'a') + "\"}");
  Result Big = run("--compose-hash=big-app-compose.json");
  EXPECT_EQ(Big.Exit, 2) << Big.Err;
  EXPECT_NE(Big.Err.find("is too large"), std::string::npos) << Big.Err;
}

} // namespace

namespace {

// The attestation checks read every function's tree, however deep; nested
// expressions are answered once each, so a deep one finishes (a run that
// needs longer than run()'s limit fails the test) with its findings.
TEST_F(Cli, AttestationChecksReadDeeplyNestedFunctions) {
  const int Depth = 20000;
  std::string Open, Close;
  for (int I = 0; I < Depth; ++I) {
    Open += "a(";
    Close += ")";
  }
  write("deep.py", "def verify_quote(report):\n"
                   "    x = " +
                       Open + "report[\"signing_address\"]" + Close +
                       "\n"
                       "    if x != report[\"quote_hash\"]:\n"
                       "        print(\"differs\")\n"
                       "    return True\n");
  write("deep.ts", "export async function sealFor(res: Response, m: Buffer) {\n"
                   "  const { encryption_public_key } = await res.json();\n"
                   "  return encrypt(" +
                       Open + "encryption_public_key" + Close +
                       ", m);\n"
                       "}\n");
  Result R = run("--quiet --report-undeployed --checks='-*,attestation-mismatch-accepted,"
                 "attestation-dev-fallback,attestation-unbound-signing-key' deep.py deep.ts");
  EXPECT_EQ(R.Exit, 1) << R.Err;
  EXPECT_NE(R.Out.find("deep.py:3:8: warning: a mismatch of 'x'"), std::string::npos) << R.Out;
  EXPECT_NE(R.Out.find("deep.ts:3:10: warning: 'encryption_public_key' from an attestation "
                       "response is given to encrypt(...)"),
            std::string::npos)
      << R.Out;
}

} // namespace
