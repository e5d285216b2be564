// The audit report (--report): its sections hold the deployment's facts, the
// trust model, the findings with fixes and the flow picture; it is
// deterministic; HTML needs Graphviz.

#include "tests/e2e/ToolRun.h"

#include <regex>

using namespace teetidy::e2e;

namespace {

class Report : public ToolTest {
protected:
  /// A dstack app: the manifest lets the operator set LLM_URL, pins MODEL_URL
  /// and leaves CACHE_URL unset; its image is a tag.
  void writeApp() {
    write("app-compose.json",
          R"({"manifest_version": 2, "name": "demo", "runner": "docker-compose",)"
          R"( "docker_compose_file": "services:\n  api:\n    build: .\n    environment:\n)"
          R"(      - LLM_URL=${LLM_URL}\n      - MODEL_URL=https://models.example\n)"
          R"(  cache:\n    image: redis:7\n", "allowed_envs": ["LLM_URL"], "kms_enabled": true})"
          "\n");
    write("Dockerfile", "FROM python:3.12@sha256:" + std::string(64, 'a') +
                            "\nCOPY app.py /app/app.py\nCMD [\"python\", \"/app/app.py\"]\n");
    write("app.py", "import os\nimport requests\n\n"
                    "LLM = os.environ['LLM_URL']\n"
                    "MODELS = os.environ['MODEL_URL']\n"
                    "CACHE = os.getenv('CACHE_URL', 'http://cache:6379')\n\n"
                    "def ask(body):\n"
                    "    requests.post(LLM, json=body)\n"
                    "    requests.get(MODELS)\n"
                    "    requests.get(CACHE)\n");
  }
};

TEST_F(Report, MarkdownHoldsFactsTrustModelFindingsAndPicture) {
  writeApp();
  Result R = run("--report=audit.md .");
  EXPECT_EQ(R.Exit, 1) << R.Err;
  std::string Md = readAll(path("audit.md"));
  ASSERT_FALSE(Md.empty());
  for (const char *Section :
       {"# Audit report: ", "## Scope", "## Deployments", "### Deployment 1: `app-compose.json`",
        "#### Services", "#### allowed_envs", "#### Trust model", "#### Data flow", "## Findings",
        "## Legend"})
    EXPECT_NE(Md.find(Section), std::string::npos) << Section << "\n" << Md;
  // compose_hash is sha256 of the manifest's bytes.
  Result Sum = shell("sha256sum app-compose.json");
  ASSERT_EQ(Sum.Exit, 0);
  EXPECT_NE(Md.find("| compose_hash | `" + Sum.Out.substr(0, 64) + "` |"), std::string::npos) << Md;
  EXPECT_NE(Md.find("| Files analysed | 3: dockerfile (1), json (1), python (1) |"),
            std::string::npos)
      << Md;
  EXPECT_NE(Md.find("| `cache` | `redis:7` | mutable tag |"), std::string::npos) << Md;
  // What the allowed variable reaches, and who decides each setting.
  EXPECT_NE(Md.find("| `LLM_URL` | `api: LLM_URL` | `requests.post(url=...) at app.py:9` |"),
            std::string::npos)
      << Md;
  EXPECT_NE(Md.find("| `api` | variable `LLM_URL` | operator (LLM_URL) |"), std::string::npos)
      << Md;
  EXPECT_NE(Md.find("| `api` | variable `MODEL_URL` | pinned |"), std::string::npos) << Md;
  // The picture: one Mermaid block whose edges join declared nodes, each
  // verdict in its colour class.
  size_t Start = Md.find("```mermaid\nflowchart LR\n");
  ASSERT_NE(Start, std::string::npos) << Md;
  std::string Block = Md.substr(Start, Md.find("```\n", Start + 10) - Start);
  std::set<std::string> Nodes;
  const std::regex Node(R"(\n  (n\d+)\[")"), Edge(R"(\n  (n\d+) --> (n\d+))");
  for (auto It = std::sregex_iterator(Block.begin(), Block.end(), Node);
       It != std::sregex_iterator(); ++It)
    Nodes.insert((*It)[1]);
  EXPECT_GE(Nodes.size(), 10u) << Block;
  for (auto It = std::sregex_iterator(Block.begin(), Block.end(), Edge);
       It != std::sregex_iterator(); ++It) {
    EXPECT_TRUE(Nodes.count((*It)[1])) << (*It)[0];
    EXPECT_TRUE(Nodes.count((*It)[2])) << (*It)[0];
  }
  EXPECT_NE(Block.find("operator-controlled (LLM_URL)"), std::string::npos) << Block;
  EXPECT_NE(Block.find("pinned to 'https://models.example'"), std::string::npos) << Block;
  EXPECT_NE(Block.find("not set; the code default ('http://cache:6379') applies"),
            std::string::npos)
      << Block;
  EXPECT_NE(Block.find("classDef operator fill:"), std::string::npos) << Block;
  EXPECT_NE(Block.find("classDef pinned fill:"), std::string::npos) << Block;
  // The finding, its path and its concrete fix.
  EXPECT_NE(Md.find("Error: LLM_URL reaches requests.post(url=...)"), std::string::npos) << Md;
  EXPECT_NE(Md.find("- `app.py:4` value read from os.environ['LLM_URL']"), std::string::npos) << Md;
  EXPECT_NE(Md.find("write `- LLM_URL=<the intended value>` as a literal, and remove the name "
                    "from `allowed_envs`; the line to change is `- LLM_URL=${LLM_URL}`"),
            std::string::npos)
      << Md;
  EXPECT_NE(Md.find("change `image: redis:7` to `image: redis:7@sha256:<digest>`"),
            std::string::npos)
      << Md;

  // Deterministic: the same tree gives the same bytes, whatever -j.
  Result Again = run("-j1 --report=again.md .");
  EXPECT_EQ(readAll(path("again.md")), Md);
}

TEST_F(Report, InventoriesListContractsDeploymentsAndStorage) {
  writeApp();
  write("app-compose.json",
        R"({"manifest_version": 2, "name": "demo", "runner": "docker-compose",)"
        R"( "docker_compose_file": "services:\n  api:\n    build: .\n    volumes:\n)"
        R"(      - data:/data\n      - /dstack/.host-shared/x:/x:ro\n      - up:/up\n)"
        R"(volumes:\n  data:\n  up:\n    driver_opts: {type: nfs, device: \":/x\"}\n",)"
        R"( "allowed_envs": [], "kms_enabled": true})"
        "\n");
  Result Sum = shell("sha256sum app-compose.json");
  ASSERT_EQ(Sum.Exit, 0);
  std::string Hash = Sum.Out.substr(0, 64);
  write("DEPLOYMENTS.md",
        "## Production\n\n- App ID: 0x" + Hash.substr(0, 40) + "\n- Compose hash: " + Hash + "\n");
  write("chain.py", "from web3 import Web3\n"
                    "w3 = Web3(Web3.HTTPProvider(\"https://mainnet.base.org\"))\n"
                    "KMS_CONTRACT = \"0x2f83172a49584c017f2b256f0fb2dca14126ba9c\"\n"
                    "ABI = [\"function addComposeHash(bytes32)\"]\n"
                    "NONE = \"0x0000000000000000000000000000000000000000\"\n");
  write("store.py", "from fastapi import FastAPI\n"
                    "app = FastAPI()\n"
                    "@app.post('/log')\n"
                    "def log(line: str):\n"
                    "    with open('/up/log.txt', 'a') as f:\n"
                    "        f.write(line)\n");
  write("store.ts", "import express from 'express';\n"
                    "import fs from 'fs';\n"
                    "const app = express();\n"
                    "app.post('/log', (req, res) => {\n"
                    "  fs.appendFileSync('/up/log.txt', req.body.line);\n"
                    "});\n");
  Result R = run("--report=audit.md .");
  EXPECT_LE(R.Exit, 1) << R.Err;
  std::string Md = readAll(path("audit.md"));
  for (const char *Want :
       {"## Inventories", "### On-chain contracts", "### Documented deployments", "### Storage",
        "| `0x2f83172a49584c017f2b256f0fb2dca14126ba9c` | `KMS_CONTRACT` | literal in the code "
        "(in the image) | DstackKms (its name 'KMS_CONTRACT') | `addComposeHash` | "
        "`https://mainnet.base.org` | chain.py:3 |",
        "Read from `DEPLOYMENTS.md`: 1 documented deployment.",
        "| `api` | volume | `data:/data` | the CVM's encrypted data disk | app-compose.json:1 "
        "(docker_compose_file line 5) |",
        "| `api` | bind | `/dstack/.host-shared/x:/x` (read-only) | **the folder the host shares "
        "with the CVM: the host reads it** | app-compose.json:1 (docker_compose_file line 6) |",
        "No database, cache, queue or object store connection",
        "| `api` | volume | `up:/up` | **another machine, outside the CVM: its operator reads "
        "it** |",
        "| `api` | mount `up:/up` | network volume (named volume 'up' of type 'nfs'): whoever "
        "runs that storage decides its contents |",
        "| `api` | mount `data:/data` | named volume on the CVM's encrypted disk |",
        "| request input | file `/up/log.txt` (mount `api:/up`, **remote**) | `open.write(...)` | "
        "store.py:6 | store.py:4 |",
        "| request input | file `/up/log.txt` (mount `api:/up`, **remote**) | "
        "`fs.appendFileSync(...)` | store.ts:5 | store.ts:5 |"})
    EXPECT_NE(Md.find(Want), std::string::npos) << Want << "\n" << Md;
  EXPECT_NE(Md.find("| `app-compose.json` | `" + Hash + "` | documented | none pinned |"),
            std::string::npos)
      << Md;
  // The zero address is no contract.
  EXPECT_EQ(Md.find("0x0000000000000000000000000000000000000000"), std::string::npos);
}

TEST_F(Report, ScopeNamesTheCommitOfACheckout) {
  writeApp();
  write(".git/HEAD", "ref: refs/heads/main\n");
  write(".git/packed-refs", "# pack-refs with: peeled fully-peeled sorted\n" +
                                std::string(40, 'c') + " refs/heads/main\n");
  write(".git/config", "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = "
                       "https://example.com/demo.git\n\tfetch = +refs/heads/*\n");
  run("--report=audit.md .");
  std::string Md = readAll(path("audit.md"));
  EXPECT_NE(Md.find("| Commit | `" + std::string(40, 'c') + "` |"), std::string::npos) << Md;
  EXPECT_NE(Md.find("| Origin | `https://example.com/demo.git` |"), std::string::npos) << Md;
  // A loose ref wins over packed-refs.
  write(".git/refs/heads/main", std::string(40, 'd') + "\n");
  run("--report=audit.md .");
  EXPECT_NE(readAll(path("audit.md")).find("| Commit | `" + std::string(40, 'd') + "` |"),
            std::string::npos);
}

TEST_F(Report, HtmlPageHasTablesAndAnSvgPicture) {
  writeApp();
  ASSERT_TRUE(static_cast<bool>(llvm::sys::findProgramByName("dot")))
      << "Graphviz (Debian graphviz) draws the HTML report's pictures";
  Result R = run("--report=audit.html .");
  EXPECT_EQ(R.Exit, 1) << R.Err;
  std::string Html = readAll(path("audit.html"));
  EXPECT_EQ(Html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(Html.find("<figure class=\"flows\">\n<svg"), std::string::npos) << Html;
  EXPECT_NE(Html.find(">LLM_URL</text>"), std::string::npos) << "a node per variable";
  EXPECT_NE(Html.find("<td><code>api</code></td><td>variable <code>LLM_URL</code></td>"),
            std::string::npos)
      << Html;
  run("--report=again.html .");
  EXPECT_EQ(readAll(path("again.html")), Html);
  // Without dot the HTML report cannot be drawn: exit 2, a message.
  Result NoDot = shell("PATH=/nonexistent " + quote(binary()) + " --report=x.html .");
  EXPECT_EQ(NoDot.Exit, 2);
  EXPECT_NE(NoDot.Err.find("needs Graphviz's 'dot'"), std::string::npos) << NoDot.Err;
  // The file name says the format.
  Result Bad = run("--report=audit.txt .");
  EXPECT_EQ(Bad.Exit, 2);
  EXPECT_NE(Bad.Err.find("should end in .md"), std::string::npos) << Bad.Err;
}

} // namespace
