#include "source/YamlDocuments.h"

#include <yaml-cpp/eventhandler.h>

#include <sstream>

namespace teetidy {

namespace {

/// Records where each document starts and where its first value that is not
/// null is.
class DocumentScanner : public YAML::EventHandler {
public:
  YAML::Mark Start;
  std::optional<YAML::Mark> Content;

  void OnDocumentStart(const YAML::Mark &M) override {
    Start = M;
    Content.reset();
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark &, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark &M, YAML::anchor_t) override { seen(M); }
  void OnScalar(const YAML::Mark &M, const std::string &, YAML::anchor_t,
                const std::string &) override {
    seen(M);
  }
  void OnSequenceStart(const YAML::Mark &M, const std::string &, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    seen(M);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark &M, const std::string &, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    seen(M);
  }
  void OnMapEnd() override {}

private:
  void seen(const YAML::Mark &M) {
    if (!Content)
      Content = M;
  }
};

} // namespace

YamlDocuments loadYamlDocuments(const std::string &Text) {
  YamlDocuments Out;
  Out.First = YAML::Load(Text);
  // The second document, read as events only. A parser that reports a
  // document where the last one started has stopped making progress.
  std::istringstream In(Text);
  YAML::Parser Parser(In);
  DocumentScanner Scanner;
  if (!Parser.HandleNextDocument(Scanner))
    return Out;
  int FirstAt = Scanner.Start.pos;
  if (Parser.HandleNextDocument(Scanner) && Scanner.Start.pos > FirstAt)
    Out.Second = Scanner.Content;
  return Out;
}

} // namespace teetidy
