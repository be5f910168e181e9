#include "pprof/profile.h"

#include <google/protobuf/arena.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unordered_map>
#include <utility>

#include "pprof/gunzip.h"
#include "pprof/proto_decode.h"
#include "pprof/validate.h"

namespace mdbprof::pprof {

// The message lives either in `owned` (FromProto) or on `arena` (decoded
// by ParseProfile: an arena keeps the many small Sample objects and their
// arrays in large blocks, without malloc's per-allocation overhead, about a
// fifth of the memory of a large profile, issue #7).
struct Profile::Data {
  Data() : arena(ArenaOptionsForProfiles()) {}

  static google::protobuf::ArenaOptions ArenaOptionsForProfiles() {
    google::protobuf::ArenaOptions options;
    options.start_block_size = size_t{4} << 10;
    options.max_block_size = size_t{1} << 20;
    return options;
  }

  google::protobuf::Arena arena;
  perftools::profiles::Profile owned;
  const perftools::profiles::Profile* proto = &owned;
  std::unordered_map<uint64_t, int> mapping_index, location_index,
      function_index;
};

Profile::Profile(std::shared_ptr<const Data> data) : data_(std::move(data)) {}

Result<Profile> Profile::FromProto(perftools::profiles::Profile proto) {
  auto data = std::make_shared<Data>();
  data->owned = std::move(proto);
  return Adopt(std::move(data));
}

Result<Profile> Profile::Adopt(std::shared_ptr<Data> data) {
  const auto& p = *data->proto;
  MDBPROF_RETURN_IF_ERROR(ValidateProfile(p));
  for (int i = 0; i < p.mapping_size(); ++i) {
    data->mapping_index.emplace(p.mapping(i).id(), i);
  }
  for (int i = 0; i < p.location_size(); ++i) {
    data->location_index.emplace(p.location(i).id(), i);
  }
  for (int i = 0; i < p.function_size(); ++i) {
    data->function_index.emplace(p.function(i).id(), i);
  }
  return Profile(std::move(data));
}

const perftools::profiles::Profile& Profile::proto() const {
  return *data_->proto;
}

int Profile::SampleTypeIndex(std::string_view type) const {
  const auto& types = data_->proto->sample_type();
  for (int i = 0; i < types.size(); ++i) {
    if (String(types[i].type()) == type) return i;
  }
  return -1;
}

int Profile::DefaultSampleIndex() const {
  const auto& p = *data_->proto;
  if (p.default_sample_type() != 0) {
    int i = SampleTypeIndex(String(p.default_sample_type()));
    if (i >= 0) return i;
  }
  return p.sample_type_size() - 1;
}

std::string_view Profile::String(int64_t index) const {
  const auto& table = data_->proto->string_table();
  if (index < 0 || index >= table.size()) return {};
  return table[static_cast<int>(index)];
}

const perftools::profiles::Mapping* Profile::FindMapping(uint64_t id) const {
  auto it = data_->mapping_index.find(id);
  return it == data_->mapping_index.end() ? nullptr
                                          : &data_->proto->mapping(it->second);
}

const perftools::profiles::Location* Profile::FindLocation(uint64_t id) const {
  auto it = data_->location_index.find(id);
  return it == data_->location_index.end()
             ? nullptr
             : &data_->proto->location(it->second);
}

const perftools::profiles::Function* Profile::FindFunction(uint64_t id) const {
  auto it = data_->function_index.find(id);
  return it == data_->function_index.end()
             ? nullptr
             : &data_->proto->function(it->second);
}

Result<Profile> Profile::Parse(std::string_view bytes, std::string* owned,
                               const LoadOptions& options) {
  if (bytes.empty()) return InvalidArgument("profile is empty (0 bytes)");
  std::string decompressed;
  if (IsGzip(bytes)) {
    Result<std::string> raw = Gunzip(bytes, options.max_decompressed_bytes);
    if (!raw.ok()) return raw.status();
    if (owned != nullptr) std::string().swap(*owned);
    decompressed = std::move(raw).value();
    bytes = decompressed;
    if (bytes.empty()) {
      return InvalidArgument(
          "profile is empty (gzip data decompresses to 0 bytes)");
    }
  } else if (bytes.size() > options.max_decompressed_bytes) {
    return InvalidArgument("profile of " + std::to_string(bytes.size()) +
                           " bytes exceeds the limit of " +
                           std::to_string(options.max_decompressed_bytes) +
                           " bytes");
  }
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    return InvalidArgument("profile of " + std::to_string(bytes.size()) +
                           " bytes is larger than protobuf's 2 GiB limit");
  }
  auto data = std::make_shared<Data>();
  auto* proto =
      google::protobuf::Arena::CreateMessage<perftools::profiles::Profile>(
          &data->arena);
  data->proto = proto;
  MDBPROF_RETURN_IF_ERROR(DecodeProfileProto(bytes, proto));
  std::string().swap(decompressed);
  if (owned != nullptr) std::string().swap(*owned);
  return Adopt(std::move(data));
}

Result<Profile> ParseProfile(std::string_view bytes,
                             const LoadOptions& options) {
  return Profile::Parse(bytes, nullptr, options);
}

Result<Profile> ReadProfileFile(const std::string& path,
                                const LoadOptions& options) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return InvalidArgument(path + ": is a directory, not a profile file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return InvalidArgument(path + ": cannot open: " + std::strerror(errno));
  }
  uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > options.max_decompressed_bytes) {
    return InvalidArgument(path + ": file of " + std::to_string(size) +
                           " bytes exceeds the limit of " +
                           std::to_string(options.max_decompressed_bytes) +
                           " bytes");
  }
  std::string contents((std::istreambuf_iterator<char>(in)),
                       std::istreambuf_iterator<char>());
  if (in.bad()) {
    return InvalidArgument(path + ": read error: " + std::strerror(errno));
  }
  Result<Profile> profile = Profile::Parse(contents, &contents, options);
  if (!profile.ok()) return profile.status().WithContext(path);
  return profile;
}

}  // namespace mdbprof::pprof
