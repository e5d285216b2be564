// End-to-end tests of runs on named files: each is analysed with the files
// of its project and reports what a run over the whole project reports for
// it, and nothing about the other files.

#include "ToolRun.h"

#include "source/Language.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace {

using namespace teetidy::e2e;

/// The diagnostics of \p Out, each with its notes and excerpts, by the file
/// where they are located (the text before `:line:col: warning:`).
std::map<std::string, std::string> diagnosticsByFile(const std::string &Out) {
  std::map<std::string, std::string> By;
  std::string *Current = nullptr;
  std::istringstream In(Out);
  for (std::string Line; std::getline(In, Line);) {
    size_t Level = std::string::npos;
    for (const char *L : {": warning: ", ": error: ", ": remark: "})
      Level = std::min(Level, Line.find(L));
    if (Level != std::string::npos) {
      std::string Where = Line.substr(0, Level);
      size_t Col = Where.rfind(':');
      size_t Row =
          Col == std::string::npos || Col == 0 ? std::string::npos : Where.rfind(':', Col - 1);
      auto Digits = [&](size_t B, size_t E) {
        return E > B && std::all_of(Where.begin() + B, Where.begin() + E,
                                    [](char C) { return C >= '0' && C <= '9'; });
      };
      if (Row != std::string::npos && Digits(Row + 1, Col) && Digits(Col + 1, Where.size()))
        Current = &By[Where.substr(0, Row)];
    }
    if (Current)
      *Current += Line + "\n";
  }
  return By;
}

class ProjectCli : public ToolTest {
protected:
  /// Expects the run on \p File alone to print exactly what the run on
  /// \p Root prints located in \p File, and nothing else; returns that.
  std::string expectSameAlone(const std::string &File, const std::string &Root,
                              const std::string &Options = "", const std::string &Cwd = "") {
    Result Whole = run("--quiet " + Options + " " + Root, Cwd);
    Result Alone = run("--quiet " + Options + " " + File, Cwd);
    std::map<std::string, std::string> ByFile = diagnosticsByFile(Alone.Out);
    EXPECT_EQ(Alone.Out, ByFile[File]) << File << ": only its own diagnostics are printed";
    EXPECT_EQ(ByFile[File], diagnosticsByFile(Whole.Out)[File])
        << File << " named alone and within " << Root;
    return ByFile[File];
  }
};

const char *Config = "import os\n\n"
                     "RESULTS_URL = os.environ.get(\"RESULTS_URL\", \"https://results.example\")\n";
const char *Publish = "import requests\n\n"
                      "from app.config import RESULTS_URL\n\n\n"
                      "def publish(result):\n"
                      "    requests.post(RESULTS_URL, json=result)\n";
std::string compose(const std::string &Value) {
  return "services:\n  api:\n    build: .\n    environment:\n      RESULTS_URL: " + Value + "\n";
}

TEST_F(ProjectCli, NamedFileSeesItsSettingsModuleAndComposeFile) {
  for (const char *Marker : {".git/HEAD", ".tee-tidy"}) {
    llvm::sys::fs::remove_directories(path("repo"));
    write(std::string("repo/") + Marker, "");
    write("repo/app/__init__.py", "");
    write("repo/app/config.py", Config);
    write("repo/app/publish.py", Publish);
    write("repo/docker-compose.yml", compose("${RESULTS_URL}"));
    std::string Operator = expectSameAlone("repo/app/publish.py", "repo");
    EXPECT_EQ(Operator.rfind("repo/app/publish.py:7:19: error: RESULTS_URL reaches "
                             "requests.post(url=...) and docker-compose.yml service 'api' lets the "
                             "operator set it (RESULTS_URL) [dstack-configurable-endpoint]\n",
                             0),
              0u)
        << Marker << "\n"
        << Operator;
    EXPECT_NE(Operator.find("repo/app/config.py:3:15: note: value read from "
                            "os.environ.get('RESULTS_URL')"),
              std::string::npos)
        << Operator;
    EXPECT_NE(Operator.find("repo/docker-compose.yml:5:20: note: interpolates 'RESULTS_URL'"),
              std::string::npos)
        << Operator;
    // From inside the project, paths are spelled from there.
    Result Inside = run("--quiet publish.py", path("repo/app"));
    EXPECT_NE(Inside.Out.find("publish.py:7:19: error: RESULTS_URL reaches"), std::string::npos)
        << Inside.Out;
    EXPECT_NE(Inside.Out.find("../docker-compose.yml:5:20: note: interpolates"), std::string::npos)
        << Inside.Out;
    // Alone, the import cannot be followed and no deployment is known.
    EXPECT_EQ(run("--quiet --no-project-context repo/app/publish.py").Out, "");

    write("repo/docker-compose.yml", compose("https://results.internal"));
    EXPECT_EQ(expectSameAlone("repo/app/publish.py", "repo"), "") << "pinned";
    write("repo/docker-compose.yml", "services:\n  api:\n    build: .\n");
    std::string Unset = expectSameAlone(
        "repo/app/publish.py", "repo",
        "--config='{CheckOptions: {dstack-configurable-endpoint.ReportUnset: true}}'");
    EXPECT_EQ(Unset.rfind("repo/app/publish.py:7:19: warning: RESULTS_URL reaches "
                          "requests.post(url=...) and docker-compose.yml service 'api' does not "
                          "set it",
                          0),
              0u)
        << Unset;
    EXPECT_EQ(expectSameAlone("repo/app/publish.py", "repo"), "") << "unset is not reported";
    // The compose file itself, named alone, is reported on as in the run
    // over the project.
    EXPECT_NE(expectSameAlone("repo/docker-compose.yml", "repo").find("[dstack-image-not-pinned]"),
              std::string::npos);
  }
}

TEST_F(ProjectCli, RootWithoutMarkerIsTheTopmostDeploymentDirectory) {
  // No marker: the compose file two levels up makes the project, not the
  // service's own Dockerfile.
  write("proj/docker-compose.yml", "services:\n  api:\n    build: ./svc\n"
                                   "    environment:\n      RESULTS_URL: ${RESULTS_URL}\n");
  write("proj/svc/Dockerfile", "FROM python:3.11\nCOPY app /app\n");
  write("proj/svc/app/__init__.py", "");
  write("proj/svc/app/config.py", Config);
  write("proj/svc/app/publish.py", Publish);
  std::string Out = expectSameAlone("proj/svc/app/publish.py", "proj");
  EXPECT_NE(Out.find("service 'api' lets the operator set it"), std::string::npos) << Out;
  // Without a deployment file, the file's own directory is its project.
  llvm::sys::fs::remove(path("proj/docker-compose.yml"));
  llvm::sys::fs::remove(path("proj/svc/Dockerfile"));
  Out = expectSameAlone(
      "proj/svc/app/publish.py", "proj/svc/app",
      "--report-undeployed --config='{CheckOptions: {dstack-configurable-endpoint.ReportUnset: "
      "true}}'");
  EXPECT_NE(Out.find("warning: RESULTS_URL reaches requests.post(url=...)"), std::string::npos)
      << Out;
}

TEST_F(ProjectCli, ExamplesReportTheSameForAFileAsForTheirDirectory) {
  std::string Src = TEETIDY_SOURCE_DIR;
  std::error_code EC;
  unsigned Compared = 0, WithFindings = 0, DifferAlone = 0;
  for (llvm::sys::fs::directory_iterator Ex(Src + "/examples", EC), End; !EC && Ex != End;
       Ex.increment(EC)) {
    std::string Example = "examples/" + llvm::sys::path::filename(Ex->path()).str();
    EXPECT_TRUE(llvm::sys::fs::exists(Src + "/" + Example + "/.tee-tidy"))
        << Example << " is a project of its own";
    std::map<std::string, std::string> Whole =
        diagnosticsByFile(run("--quiet " + Example, Src).Out);
    std::vector<std::string> Files;
    for (llvm::sys::fs::recursive_directory_iterator F(Ex->path(), EC), FEnd; !EC && F != FEnd;
         F.increment(EC))
      if (F->type() == llvm::sys::fs::file_type::regular_file &&
          teetidy::languageForPath(F->path()))
        Files.push_back(F->path().substr(Src.size() + 1));
    std::sort(Files.begin(), Files.end());
    for (const std::string &File : Files) {
      Result Alone = run("--quiet " + File, Src);
      std::map<std::string, std::string> ByFile = diagnosticsByFile(Alone.Out);
      EXPECT_EQ(Alone.Out, ByFile[File]) << File << ": only its own diagnostics are printed";
      EXPECT_EQ(ByFile[File], Whole[File]) << File << " named alone and within " << Example;
      ++Compared;
      WithFindings += !Whole[File].empty();
      DifferAlone += diagnosticsByFile(
                         run("--quiet --no-project-context " + File, Src).Out)[File] != Whole[File];
    }
  }
  EXPECT_FALSE(EC) << EC.message();
  EXPECT_GE(Compared, 10u);
  EXPECT_GE(WithFindings, 5u);
  // Without their projects, some files report otherwise: the comparison
  // above covers findings that need other files.
  EXPECT_GE(DifferAlone, 3u);
}

TEST_F(ProjectCli, ContextFilesAreNeitherCheckedNorReported) {
  write("p/.tee-tidy", "");
  write("p/app.py", "import requests\nrequests.get(URL, verify=False)\n"
                    "requests.get(URL, verify=False)  # NOLINT\n");
  // Findings, syntax errors, bad bytes, skipped files and a broken
  // configuration elsewhere in the project.
  write("p/other.py", "import requests\nrequests.get(URL, verify=False)  # NOLINT\n"
                      "requests.get(URL, verify=False)\n");
  write("p/broken.py", "def broken(:\n    pass\n");
  write("p/latin1.py", "x = '\xff'\n");
  write("p/big.py", std::string(3000, '#') + "\n");
  write("p/dist.bundle.js", "x({rejectUnauthorized: false});\n");
  write("p/sub/.tee-tidy", "Cheks: x\n");
  write("p/sub/mod.py", "x = 1\n");
  write("p/docker-compose.yml", "services:\n  a: [\n");
  Result R = run("--max-file-size=2000 --verbose p/app.py");
  EXPECT_EQ(R.Exit, 0) << R.Err;
  EXPECT_EQ(R.Out.find("other.py"), std::string::npos) << R.Out;
  EXPECT_EQ(R.Out.find("docker-compose.yml"), std::string::npos) << R.Out;
  EXPECT_NE(R.Out.find("p/app.py:2:19: warning:"), std::string::npos) << R.Out;
  EXPECT_EQ(R.Err, "Deployments: none (no compose file or app-compose.json among the analysed "
                   "files)\n1 warning generated.\nSuppressed 1 warnings (1 NOLINT).\n");
  // Named, each is reported on as before.
  Result Named = run("--max-file-size=2000 p/app.py p/other.py p/broken.py p/latin1.py");
  EXPECT_NE(Named.Err.find("p/broken.py:1:12: warning: syntax error"), std::string::npos)
      << Named.Err;
  EXPECT_NE(Named.Err.find("p/latin1.py:1:6: warning: not valid UTF-8"), std::string::npos)
      << Named.Err;
  EXPECT_NE(Named.Err.find("2 warnings generated."), std::string::npos) << Named.Err;
  EXPECT_EQ(run("p/sub/mod.py").Exit, 2) << "its own configuration is broken";
  Result Compose = run("p/docker-compose.yml");
  EXPECT_EQ(Compose.Exit, 1);
  EXPECT_NE(Compose.Out.find("[tee-tidy-input-error]"), std::string::npos) << Compose.Out;
}

TEST_F(ProjectCli, ProgramProblemsOfTheProjectAreReported) {
  write("p/.git/HEAD", "");
  write("p/api/main.py", "x = 1\n");
  write("p/web/tsconfig.json", "{ \"compilerOptions\": { \"paths\": [1] } }\n");
  write("p/web/src/main.ts", "fetch(process.env.URL!);\n");
  Result R = run("p/api/main.py");
  EXPECT_EQ(R.Exit, 2) << R.Err;
  EXPECT_NE(R.Err.find("p/web/tsconfig.json: compilerOptions.paths must be an object"),
            std::string::npos)
      << R.Err;
  EXPECT_EQ(run("--no-project-context p/api/main.py").Exit, 0);
}

TEST_F(ProjectCli, FixesTouchOnlyNamedFiles) {
  const char *Insecure = "import requests\n\nrequests.get(URL, verify=False)\n";
  const char *Fixed = "import requests\n\nrequests.get(URL, verify=True)\n";
  write("p/.tee-tidy", "");
  write("p/a.py", Insecure);
  write("p/b.py", Insecure);
  Result R = run("--export-fixes=fixes.yaml --fix p/a.py");
  EXPECT_EQ(R.Exit, 0) << R.Err;
  EXPECT_EQ(readAll(path("p/a.py")), Fixed);
  EXPECT_EQ(readAll(path("p/b.py")), Insecure);
  EXPECT_NE(R.Err.find("tee-tidy applied 1 of 1 suggested fixes."), std::string::npos) << R.Err;
  std::string Yaml = readAll(path("fixes.yaml"));
  EXPECT_NE(Yaml.find("MainSourceFile:  '" + path("p/a.py") + "'"), std::string::npos) << Yaml;
  EXPECT_EQ(Yaml.find("b.py"), std::string::npos) << Yaml;
}

TEST_F(ProjectCli, CompilationDatabaseFilesHaveTheirProjects) {
  write("repo/.git/HEAD", "");
  write("repo/app/__init__.py", "");
  write("repo/app/config.py", Config);
  write("repo/app/publish.py", Publish);
  write("repo/docker-compose.yml", compose("${RESULTS_URL}"));
  write("build/compile_commands.json",
        "[{\"directory\": \"" + path("repo") +
            "\", \"file\": \"app/publish.py\", \"arguments\": [\"tee-tidy\", "
            "\"--checks=-*,dstack-configurable-endpoint\", \"app/publish.py\"]}]\n");
  Result R = run("--quiet -p build");
  EXPECT_EQ(R.Exit, 1) << R.Err;
  EXPECT_NE(R.Out.find(path("repo/app/publish.py") +
                       ":7:19: error: RESULTS_URL reaches requests.post(url=...)"),
            std::string::npos)
      << R.Out;
  EXPECT_EQ(R.Out.find("docker-compose.yml:3:12: warning"), std::string::npos) << R.Out;
  EXPECT_EQ(run("--quiet --no-project-context -p build").Out, "");
}

TEST_F(ProjectCli, NamedDirectoryIsItsOwnContext) {
  write("repo/.git/HEAD", "");
  write("repo/docker-compose.yml", compose("${RESULTS_URL}"));
  write("repo/app/__init__.py", "");
  write("repo/app/config.py", Config);
  write("repo/app/publish.py", Publish);
  // The directory's files are analysed together, without the compose file
  // above them; a file of it named alone has its project.
  Result Dir = run("--quiet --report-undeployed "
                   "--config='{CheckOptions: {dstack-configurable-endpoint.ReportUnset: true}}' "
                   "repo/app");
  EXPECT_NE(Dir.Out.find("repo/app/publish.py:7:19: warning: RESULTS_URL reaches "
                         "requests.post(url=...) and no docker-compose service among the "
                         "analysed files sets it"),
            std::string::npos)
      << Dir.Out;
  EXPECT_NE(run("--quiet repo/app/publish.py").Out.find("error: RESULTS_URL reaches"),
            std::string::npos);
  // Named with a file of the project, the directory's files share its
  // context.
  Result Both = run("--quiet repo/app repo/docker-compose.yml");
  EXPECT_NE(Both.Out.find("repo/app/publish.py:7:19: error: RESULTS_URL reaches"),
            std::string::npos)
      << Both.Out;
}

} // namespace
