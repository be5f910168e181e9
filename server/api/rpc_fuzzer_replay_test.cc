// Replays the RPC fuzzer's seed corpus and random mutations of it through
// its entry point in the default build (no libFuzzer needed), so the
// target and its invariants stay working between fuzz runs.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<std::string> Corpus() {
  std::vector<std::string> inputs;
  for (const auto& entry :
       std::filesystem::directory_iterator(MDBPROF_RPC_CORPUS)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    inputs.push_back(ss.str());
  }
  return inputs;
}

int RunOne(const std::string& input) {
  return LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()),
                                input.size());
}

TEST(RpcFuzzerReplay, SeedCorpus) {
  std::vector<std::string> inputs = Corpus();
  ASSERT_GE(inputs.size(), 10u);
  for (const std::string& input : inputs) EXPECT_EQ(RunOne(input), 0);
}

TEST(RpcFuzzerReplay, MutatedSeeds) {
  std::vector<std::string> inputs = Corpus();
  std::mt19937 rng(6);
  for (int i = 0; i < 5000; ++i) {
    std::string input = inputs[rng() % inputs.size()];
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !input.empty(); ++e) {
      size_t at = rng() % input.size();
      switch (rng() % 3) {
        case 0:
          input[at] = static_cast<char>(rng());
          break;
        case 1:
          input.erase(at, 1 + rng() % 8);
          break;
        case 2:
          input.insert(at, input.substr(rng() % input.size(), 8));
          break;
      }
    }
    ASSERT_EQ(RunOne(input), 0) << input;
  }
}

}  // namespace
