// Test-only helpers for reading profiles the way `go tool pprof` does.
// Not part of refserver_profiler.
#ifndef REFSERVER_PROFILER_PROFILE_TEST_UTIL_H_
#define REFSERVER_PROFILER_PROFILE_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "proto/profile.pb.h"

namespace refserver::profiler::testing {

// Checks pprof's structural rules: string_table[0] == "", ids 1..n and
// resolvable, one value per sample type, mapped addresses inside mappings.
::testing::AssertionResult IsWellFormed(const perftools::profiles::Profile& p);

// Function names of a sample's stack, leaf first, inline frames included.
std::vector<std::string> StackNames(const perftools::profiles::Profile& p,
                                    const perftools::profiles::Sample& s);

// Flat value per function, pprof-style: the leaf is line[0] of location[0].
std::map<std::string, int64_t> FlatByFunction(
    const perftools::profiles::Profile& p, int value_index);

// Sum of `value_index` over samples whose leaf function contains `needle`.
int64_t FlatWhereLeafContains(const perftools::profiles::Profile& p,
                              int value_index, std::string_view needle);

// Sum of `value_index` over samples with a frame (inlined ones included)
// whose function contains `needle` (pprof's cum, for one function).
int64_t CumWhereStackContains(const perftools::profiles::Profile& p,
                              int value_index, std::string_view needle);

// Sum of `value_index` over all samples.
int64_t Total(const perftools::profiles::Profile& p, int value_index);

// The string label `key` of `s`, or "" when absent.
std::string StringLabel(const perftools::profiles::Profile& p,
                        const perftools::profiles::Sample& s,
                        std::string_view key);

// The numeric label `key` of `s`, or -1 when absent.
int64_t NumberLabel(const perftools::profiles::Profile& p,
                    const perftools::profiles::Sample& s, std::string_view key);

// Index of the sample type named `type`, or -1.
int SampleTypeIndex(const perftools::profiles::Profile& p,
                    std::string_view type);

}  // namespace refserver::profiler::testing

#endif  // REFSERVER_PROFILER_PROFILE_TEST_UTIL_H_
