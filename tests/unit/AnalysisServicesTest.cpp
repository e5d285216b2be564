#include "checkers/FileContext.h"
#include "syntax/QueryStore.h"

#include <gtest/gtest.h>

using namespace teetidy;

namespace {

TEST(AnalysisServices, SharedObjectsAreBuiltOncePerKey) {
  QueryStore Store;
  AnalysisServices S(Store);
  int Builds = 0;
  auto Make = [&]() -> std::shared_ptr<const std::string> {
    ++Builds;
    return std::make_shared<const std::string>("catalog");
  };
  std::shared_ptr<const std::string> A = S.shared<std::string>("a", Make);
  std::shared_ptr<const std::string> Again = S.shared<std::string>("a", Make);
  EXPECT_EQ(A.get(), Again.get());
  EXPECT_EQ(Builds, 1);
  S.shared<std::string>("b", Make);
  EXPECT_EQ(Builds, 2);
  // A failed build is remembered too.
  int Failures = 0;
  auto Fail = [&]() -> std::shared_ptr<const std::string> {
    ++Failures;
    return nullptr;
  };
  EXPECT_EQ(S.shared<std::string>("broken", Fail), nullptr);
  EXPECT_EQ(S.shared<std::string>("broken", Fail), nullptr);
  EXPECT_EQ(Failures, 1);
}

} // namespace
