// Acknowledged writes survive SIGKILL: a forked child writes messages and
// acknowledges each to the parent over a pipe once WriteMessage returned;
// the parent kills it mid-stream, reopens the store and looks for every
// acknowledged message. Its own executable so that no RocksDB background
// threads exist in the parent when it forks.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "server/store/pebble/pebble_store.h"
#include "server/testing/scoped_temp_dir.h"

namespace refserver::pebble {
namespace {

constexpr int kStreams = 7;

// What the child reports after each acknowledged write (< PIPE_BUF, so
// every write(2) of one is atomic).
struct Ack {
  int64_t sequence;
  int64_t position;
  int64_t global_position;
};

std::string StreamOf(int64_t sequence) {
  return "crash-" + std::to_string(sequence % kStreams);
}
std::string IdOf(int64_t sequence) {
  return "crash-message-" + std::to_string(sequence);
}

// The child: writes until killed. Exit codes 2.. say what failed.
[[noreturn]] void RunWriter(const std::string& dir, int ack_fd) {
  Result<std::unique_ptr<PebbleStore>> store = PebbleStore::Open({dir});
  if (!store.ok()) _exit(2);
  if (!(*store)
           ->CreateNamespace(
               {"default", "hash", "", "2024-01-01T00:00:00.000Z"})
           .ok()) {
    _exit(3);
  }
  for (int64_t sequence = 0; sequence < 50'000'000; ++sequence) {
    NewMessage m;
    m.id = IdOf(sequence);
    m.stream_name = StreamOf(sequence);
    m.type = "Written";
    m.data = R"({"sequence":)" + std::to_string(sequence) + "}";
    Result<WriteResult> w = (*store)->WriteMessage("default", m);
    if (!w.ok()) _exit(4);
    const Ack ack{sequence, w->position, w->global_position};
    if (write(ack_fd, &ack, sizeof(ack)) != sizeof(ack)) _exit(5);
  }
  _exit(6);  // never killed
}

struct Round {
  testing::ScopedTempDir tmp;
  std::string dir;
  std::vector<Ack> acks;
  int wait_status = 0;
  std::string failure;  // empty when the round ran as planned
};

// Forks a writer into `round.dir`, kills it with SIGKILL after
// `kill_after` acknowledgements and collects every acknowledgement it sent.
void RunRound(Round& round, size_t kill_after) {
  round.dir = round.tmp.path() + "/pebble";
  int fds[2];
  if (pipe(fds) != 0) {
    round.failure = std::string("pipe: ") + std::strerror(errno);
    return;
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    round.failure = std::string("fork: ") + std::strerror(errno);
    return;
  }
  if (pid == 0) {
    close(fds[0]);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(7);
    RunWriter(round.dir, fds[1]);
  }
  close(fds[1]);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(60);
  bool killed = false;
  std::string pending;
  while (true) {
    if (!killed && round.acks.size() >= kill_after) {
      kill(pid, SIGKILL);
      killed = true;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      round.failure = "no progress within 60 s";
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    if (poll(&p, 1, 1000) <= 0) continue;
    char buf[4096];
    const ssize_t n = read(fds[0], buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child is gone and the pipe drained
    pending.append(buf, static_cast<size_t>(n));
    size_t whole = pending.size() / sizeof(Ack);
    for (size_t i = 0; i < whole; ++i) {
      Ack ack;
      std::memcpy(&ack, pending.data() + i * sizeof(Ack), sizeof(Ack));
      round.acks.push_back(ack);
    }
    pending.erase(0, whole * sizeof(Ack));
  }
  close(fds[0]);
  waitpid(pid, &round.wait_status, 0);
  if (round.failure.empty() && !(WIFSIGNALED(round.wait_status) &&
                                 WTERMSIG(round.wait_status) == SIGKILL)) {
    round.failure = "the writer was not killed by SIGKILL (exit status " +
                    std::to_string(WEXITSTATUS(round.wait_status)) + ")";
  }
}

// Reopens the round's store and checks every acknowledged write is there,
// and that what is there is consistent (dense positions, dense global
// positions, indexes agreeing with messages).
void VerifyRound(const Round& round) {
  Result<std::unique_ptr<PebbleStore>> store = PebbleStore::Open({round.dir});
  ASSERT_TRUE(store.ok()) << store.status().message();
  Result<NamespaceStats> stats = (*store)->GetNamespaceStats("default");
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  EXPECT_GE(stats->message_count, static_cast<int64_t>(round.acks.size()));

  std::map<int64_t, Message> by_gp;
  for (int s = 0; s < kStreams; ++s) {
    StreamQuery q;
    q.stream_name = "crash-" + std::to_string(s);
    q.batch_size = kUnlimitedBatch;
    Result<std::vector<Message>> rows =
        (*store)->GetStreamMessages("default", q);
    ASSERT_TRUE(rows.ok()) << rows.status().message();
    for (size_t i = 0; i < rows->size(); ++i) {
      const Message& m = (*rows)[i];
      ASSERT_EQ(m.position, static_cast<int64_t>(i)) << q.stream_name;
      ASSERT_TRUE(by_gp.emplace(m.global_position, m).second)
          << "global position " << m.global_position << " twice";
    }
  }
  ASSERT_EQ(static_cast<int64_t>(by_gp.size()), stats->message_count);
  if (!by_gp.empty()) {
    EXPECT_EQ(by_gp.begin()->first, 1);
    EXPECT_EQ(by_gp.rbegin()->first, stats->message_count) << "dense";
  }
  size_t missing = 0;
  for (const Ack& ack : round.acks) {
    auto it = by_gp.find(ack.global_position);
    if (it == by_gp.end()) {
      ++missing;
      continue;
    }
    EXPECT_EQ(it->second.id, IdOf(ack.sequence));
    EXPECT_EQ(it->second.stream_name, StreamOf(ack.sequence));
    EXPECT_EQ(it->second.position, ack.position);
  }
  EXPECT_EQ(missing, 0u) << "of " << round.acks.size()
                         << " acknowledged writes, lost after SIGKILL";
  // The store keeps working where the killed writer stopped.
  NewMessage next;
  next.id = "after-crash";
  next.stream_name = "crash-0";
  next.type = "Resumed";
  next.data = "{}";
  Result<WriteResult> w = (*store)->WriteMessage("default", next);
  ASSERT_TRUE(w.ok()) << w.status().message();
  EXPECT_EQ(w->global_position, stats->message_count + 1);
}

TEST(PebbleCrash, AcknowledgedWritesSurviveSigkill) {
  // Every child is forked before the parent opens any database.
  const std::vector<size_t> kill_points = {1, 700, 4000};
  std::vector<std::unique_ptr<Round>> rounds;
  for (size_t kill_after : kill_points) {
    rounds.push_back(std::make_unique<Round>());
    ASSERT_TRUE(rounds.back()->tmp.ok());
    RunRound(*rounds.back(), kill_after);
    ASSERT_TRUE(rounds.back()->failure.empty()) << rounds.back()->failure;
    ASSERT_GE(rounds.back()->acks.size(), kill_after);
  }
  for (size_t i = 0; i < rounds.size(); ++i) {
    SCOPED_TRACE("killed after " + std::to_string(kill_points[i]) +
                 " acknowledgements (" +
                 std::to_string(rounds[i]->acks.size()) + " received)");
    VerifyRound(*rounds[i]);
  }
}

}  // namespace
}  // namespace refserver::pebble
