//===- SolverTest.cpp - Tests for the dataflow fixed-point solver ---------===//
//
// Functions here are lambdas over a few slots; each test records which
// function the solver analyses when, or which statements it runs.
//
//===----------------------------------------------------------------------===//
#include "dataflow/Solver.h"

#include <gtest/gtest.h>

#include <vector>

using namespace teetidy::dataflow;

namespace {

/// A solver with \p N functions ranked in their order, all queued.
void start(Solver &S, uint32_t N) {
  std::vector<uint32_t> Rank(N);
  for (uint32_t I = 0; I < N; ++I)
    Rank[I] = I;
  S.setFunctions(Rank);
  for (uint32_t I = 0; I < N; ++I)
    S.queue(I);
}

TEST(SolverTest, ReaderRunsAgainWhenItsSlotChanges) {
  Solver S;
  uint32_t X = S.newSlot(), Y = S.newSlot();
  start(S, 3);
  std::vector<uint32_t> Order;
  unsigned Writes = 0;
  size_t Done = S.run(100, [&](uint32_t Fn) {
    Order.push_back(Fn);
    if (Fn == 0)
      S.read(X);
    if (Fn == 1)
      S.read(Y);
    if (Fn == 2 && Writes++ == 0)
      S.touch(X); // function 0 read X; function 1 did not
  });
  EXPECT_EQ(Order, (std::vector<uint32_t>{0, 1, 2, 0}));
  EXPECT_EQ(Done, 4u);
  EXPECT_TRUE(S.converged());
}

TEST(SolverTest, SlotFirstReadByALaterAnalysisQueuesItsReaderToo) {
  Solver S;
  uint32_t X = S.newSlot(), Y = S.newSlot();
  start(S, 3);
  std::vector<uint32_t> Order;
  unsigned Runs0 = 0, Runs1 = 0, Runs2 = 0;
  S.run(100, [&](uint32_t Fn) {
    Order.push_back(Fn);
    if (Fn == 0) {
      S.read(X);
      if (Runs0++ > 0)
        S.read(Y); // from the second analysis on
    }
    if (Fn == 1 && Runs1++ == 0)
      S.touch(X);
    if (Fn == 2 && Runs2++ == 0)
      S.touch(Y);
  });
  EXPECT_EQ(Order, (std::vector<uint32_t>{0, 1, 0, 2, 0}));
}

TEST(SolverTest, RunningFunctionRunsAgainOnlyIfItReadTheSlotBefore) {
  for (bool ReadFirst : {true, false}) {
    Solver S;
    uint32_t X = S.newSlot();
    start(S, 1);
    unsigned Runs = 0;
    S.run(100, [&](uint32_t) {
      bool Change = Runs++ == 0;
      if (ReadFirst)
        S.read(X);
      if (Change)
        S.touch(X);
      if (!ReadFirst)
        S.read(X); // sees the new value anyway
    });
    EXPECT_EQ(Runs, ReadFirst ? 2u : 1u) << "read first: " << ReadFirst;
    EXPECT_TRUE(S.converged());
  }
}

TEST(SolverTest, ReadsOfAnEarlierAnalysisDoNotRerunTheFunction) {
  Solver S;
  uint32_t X = S.newSlot();
  start(S, 1);
  unsigned Runs = 0;
  S.run(100, [&](uint32_t) {
    if (Runs++ == 0) {
      S.read(X);
      S.queue(0); // a second analysis
      return;
    }
    S.touch(X); // read by the first analysis only
  });
  EXPECT_EQ(Runs, 2u);
}

TEST(SolverTest, WorklistTakesFunctionsByRank) {
  Solver S;
  S.setFunctions({2, 0, 3, 1});
  for (uint32_t Fn = 0; Fn < 4; ++Fn)
    S.queue(Fn);
  std::vector<uint32_t> Order;
  S.run(100, [&](uint32_t Fn) { Order.push_back(Fn); });
  EXPECT_EQ(Order, (std::vector<uint32_t>{1, 3, 0, 2}));

  // Queued during the run: a lower rank goes first, whatever the order of
  // queueing, and a function queued twice runs once.
  S.queue(2);
  S.queue(0);
  S.queue(2);
  Order.clear();
  S.run(100, [&](uint32_t Fn) {
    Order.push_back(Fn);
    if (Fn == 0) {
      S.queue(3);
      S.queue(1);
    }
  });
  EXPECT_EQ(Order, (std::vector<uint32_t>{0, 1, 3, 2}));
}

TEST(SolverTest, StatementRunsAgainOnlyWhenASlotItReadChanged) {
  Solver S;
  uint32_t X = S.newSlot(), Y = S.newSlot();
  start(S, 2);
  std::vector<std::string> Ran;
  unsigned Writes = 0;
  S.run(100, [&](uint32_t Fn) {
    if (Fn == 0) {
      S.statement([&] {
        Ran.push_back("a");
        S.read(X);
      });
      S.statement([&] {
        Ran.push_back("b");
        S.read(Y);
      });
      S.statement([&] { Ran.push_back("c"); }); // reads nothing
    } else if (Writes++ == 0) {
      S.touch(Y);
    }
  });
  // The second analysis (Y changed) runs b alone.
  EXPECT_EQ(Ran, (std::vector<std::string>{"a", "b", "c", "b"}));
}

TEST(SolverTest, SkippedStatementStillCountsItsReads) {
  Solver S;
  uint32_t X = S.newSlot(), Y = S.newSlot();
  start(S, 2);
  std::vector<std::string> Ran;
  unsigned Runs0 = 0, Writes = 0;
  S.run(100, [&](uint32_t Fn) {
    if (Fn == 1) {
      if (Writes++ == 0)
        S.touch(Y);
      return;
    }
    unsigned Run = Runs0++;
    S.statement([&] {
      Ran.push_back("a");
      S.read(X);
    });
    S.statement([&] {
      Ran.push_back("b");
      S.read(Y);
      if (Run == 1)
        S.touch(X); // a (skipped in this analysis) read X
    });
  });
  // Analyses of 0: the first; after Y changed (a skipped, b changes X);
  // again since a's X changed (b skipped).
  EXPECT_EQ(Runs0, 3u);
  EXPECT_EQ(Ran, (std::vector<std::string>{"a", "b", "b", "a"}));
}

TEST(SolverTest, BudgetStopsASystemWithoutFixedPoint) {
  Solver S;
  uint32_t X = S.newSlot();
  start(S, 2);
  size_t Done = S.run(7, [&](uint32_t Fn) {
    if (Fn == 0) {
      S.read(X);
      S.touch(X); // always changes what it read
    }
  });
  EXPECT_EQ(Done, 7u);
  EXPECT_FALSE(S.converged());
  // Another run goes on where the budget stopped: function 0 once more,
  // and function 1, which it kept waiting.
  EXPECT_EQ(S.run(3, [&](uint32_t) {}), 2u);
  EXPECT_TRUE(S.converged());
}

TEST(SolverTest, CapturesNest) {
  Solver S;
  uint32_t A = S.newSlot(), B = S.newSlot(), C = S.newSlot();
  S.beginCapture();
  S.read(C);
  S.read(A);
  S.beginCapture();
  S.read(B);
  S.read(A);
  S.read(B);
  EXPECT_EQ(S.endCapture(), (std::vector<uint32_t>{A, B}));
  S.read(A);
  EXPECT_EQ(S.endCapture(), (std::vector<uint32_t>{A, B, C}));
  // A new outermost capture starts empty.
  S.beginCapture();
  S.read(B);
  EXPECT_EQ(S.endCapture(), (std::vector<uint32_t>{B}));
}

TEST(SolverTest, ChangeHookRunsOnceAtTheNextChange) {
  Solver S;
  uint32_t X = S.newSlot(), Y = S.newSlot();
  std::vector<uint32_t> Changed;
  S.setChangeHook([&](uint32_t Slot) { Changed.push_back(Slot); });
  S.watch(X);
  S.touch(Y);
  S.touch(X);
  S.touch(X);
  EXPECT_EQ(Changed, (std::vector<uint32_t>{X}));
}

} // namespace

namespace {

TEST(SolverTest, WritersAreRecordedOnlyWhenTracked) {
  for (bool Track : {false, true}) {
    Solver S;
    if (Track)
      S.trackWrites();
    uint32_t X = S.newSlot();
    start(S, 2);
    S.run(100, [&](uint32_t Fn) {
      S.wrote(X); // a write that changes nothing counts too
      if (Fn == 1)
        S.read(X);
    });
    EXPECT_EQ(S.slot(X).Writers.size(), Track ? 2u : 0u);
    EXPECT_EQ(S.writesOf(0), Track ? std::vector<uint32_t>{X} : std::vector<uint32_t>{});
  }
}

TEST(SolverTest, ResetGivesBackTheInitialValueAndRetiredFunctionsNeverRun) {
  Solver S;
  S.trackWrites();
  uint32_t P = S.newSlot(), Q = S.newSlot();
  S.slot(P).V.Facts.emplace(7, 0);
  S.slot(P).Declared = true;
  S.keepInitial(0, S.slots());
  start(S, 2);
  std::vector<uint32_t> Order;
  S.run(100, [&](uint32_t Fn) {
    Order.push_back(Fn);
    S.read(P);
    S.wrote(Q);
    if (S.slot(Q).V.Facts.emplace(Fn + 1, 0).second)
      S.touch(Q);
  });
  S.slot(P).V.Facts.emplace(8, 0);
  S.slot(P).Declared = false;
  S.reset(P);
  S.reset(Q);
  EXPECT_EQ(S.slot(P).V.Facts.size(), 1u);
  EXPECT_TRUE(S.slot(P).V.Facts.count(7));
  EXPECT_TRUE(S.slot(P).Declared);
  EXPECT_TRUE(S.slot(Q).V.empty());
  EXPECT_FALSE(S.slot(Q).Declared);
  // Function 0 retires: it leaves the readers of P and is never analysed;
  // a new function takes the next rank.
  S.retire(0);
  EXPECT_EQ(S.slot(P).Readers.size(), 1u);
  EXPECT_EQ(S.slot(Q).Writers.size(), 1u);
  S.addFunctions(1);
  ASSERT_EQ(S.functions(), 3u);
  Order.clear();
  S.queue(0);
  S.queue(2);
  S.queue(1);
  S.touch(P);
  S.run(100, [&](uint32_t Fn) { Order.push_back(Fn); });
  EXPECT_EQ(Order, (std::vector<uint32_t>{1, 2}));
}

TEST(SolverTest, CalleeNeverAnalysedComesBeforeItsCaller) {
  // 0 reads what 1 returns, 1 what 2 returns (slots R1, R2); each writes
  // its own once it has read the other's.
  Solver S;
  uint32_t R1 = S.newSlot(), R2 = S.newSlot(), R0 = S.newSlot();
  start(S, 3);
  std::vector<uint32_t> Order;
  std::vector<unsigned> Seen(3, 0);
  S.run(100, [&](uint32_t Fn) {
    Order.push_back(Fn);
    uint32_t Own = Fn == 0 ? R0 : Fn == 1 ? R1 : R2;
    if (Fn < 2) {
      uint32_t Callee = Fn == 0 ? R1 : R2;
      S.read(Callee);
      S.promote(Fn + 1, Fn);
    }
    if (Seen[Fn]++ == 0)
      S.touch(Own);
  });
  // 0 finds 1 unanalysed, 1 finds 2: both go first; then 1 and 0 once more.
  EXPECT_EQ(Order, (std::vector<uint32_t>{0, 1, 2, 1, 0}));
  EXPECT_TRUE(S.converged());
}

TEST(SolverTest, AnalysedFunctionKeepsItsRank) {
  Solver S;
  uint32_t X = S.newSlot();
  start(S, 3);
  std::vector<uint32_t> Order;
  unsigned Runs2 = 0;
  S.run(100, [&](uint32_t Fn) {
    Order.push_back(Fn);
    if (Fn < 2)
      S.read(X);
    if (Fn == 2 && Runs2++ == 0) {
      S.touch(X);      // 0 and 1 run again...
      S.promote(1, 0); // ...in their order: 1 ran already
    }
  });
  EXPECT_EQ(Order, (std::vector<uint32_t>{0, 1, 2, 0, 1}));
}

} // namespace

TEST(SolverTest, NamedHookRunsAtEveryChangeUntilUnnamed) {
  Solver S;
  uint32_t X = S.newSlot(), Y = S.newSlot();
  std::vector<uint32_t> Changed;
  S.setNamedHook([&](uint32_t Slot) {
    Changed.push_back(Slot);
    if (Changed.size() == 2)
      S.unname(Slot);
  });
  S.name(X);
  S.touch(Y); // not named
  S.touch(X);
  S.touch(X);
  S.touch(X); // unnamed after the second change
  EXPECT_EQ(Changed, (std::vector<uint32_t>{X, X}));
}

/// A function not queued at the start runs only once something queues it.
TEST(SolverTest, FunctionsNotQueuedWaitUntilQueued) {
  Solver S;
  S.setFunctions({0, 1, 2});
  S.queue(0);
  std::vector<uint32_t> Order;
  S.run(100, [&](uint32_t Fn) {
    Order.push_back(Fn);
    if (Fn == 0)
      S.queue(2);
  });
  EXPECT_EQ(Order, (std::vector<uint32_t>{0, 2}));
  EXPECT_TRUE(S.converged());
}
