#include "pprof/units.h"

#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <vector>

namespace mdbprof::pprof {
namespace {

struct Unit {
  const char* canonical;
  std::vector<std::string_view> aliases;
  double factor;
};

struct UnitType {
  Unit default_unit;
  std::vector<Unit> units;

  const Unit* Sniff(std::string_view name) const {
    std::string lower(name);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    std::string_view u = lower;
    if (u.size() > 2 && u.back() == 's') u.remove_suffix(1);
    for (const Unit& unit : units) {
      for (std::string_view alias : unit.aliases) {
        if (alias == u) return &unit;
      }
    }
    return nullptr;
  }

  bool AutoScale(double value, double* out, std::string* unit) const {
    double f = 0;
    for (const Unit& u : units) {
      if (u.factor >= f && value / u.factor >= 1.0) {
        f = u.factor;
        *unit = u.canonical;
      }
    }
    if (f == 0) return false;
    *out = value / f;
    return true;
  }

  bool Convert(int64_t value, std::string_view from, std::string_view to,
               double* out, std::string* out_unit) const {
    const Unit* from_unit = Sniff(from);
    if (from_unit == nullptr) return false;
    double v = static_cast<double>(value) * from_unit->factor;
    if (to == "minimum" || to == "auto") {
      if (AutoScale(v, out, out_unit)) return true;
      *out = v / default_unit.factor;
      *out_unit = default_unit.canonical;
      return true;
    }
    const Unit* to_unit = Sniff(to);
    if (to_unit == nullptr) to_unit = &default_unit;
    *out = v / to_unit->factor;
    *out_unit = to_unit->canonical;
    return true;
  }
};

const std::vector<UnitType>& UnitTypes() {
  static const std::vector<UnitType>* types = new std::vector<UnitType>{
      {{"B", {"b", "byte"}, 1},
       {{"B", {"b", "byte"}, 1},
        {"kB", {"kb", "kbyte", "kilobyte"}, double(int64_t{1} << 10)},
        {"MB", {"mb", "mbyte", "megabyte"}, double(int64_t{1} << 20)},
        {"GB", {"gb", "gbyte", "gigabyte"}, double(int64_t{1} << 30)},
        {"TB", {"tb", "tbyte", "terabyte"}, double(int64_t{1} << 40)},
        {"PB", {"pb", "pbyte", "petabyte"}, double(int64_t{1} << 50)}}},
      {{"s", {}, 1e9},
       {{"ns", {"ns", "nanosecond"}, 1},
        {"us", {"\xce\xbcs", "us", "microsecond"}, 1e3},
        {"ms", {"ms", "millisecond"}, 1e6},
        {"s", {"s", "sec", "second"}, 1e9},
        {"hrs", {"hour", "hr"}, 3600e9}}},
      {{"GCU", {}, 1.0},
       {{"n*GCU", {"nanogcu"}, 1e-9},
        {"u*GCU", {"microgcu"}, 1e-6},
        {"m*GCU", {"milligcu"}, 1e-3},
        {"GCU", {"gcu"}, 1},
        {"k*GCU", {"kilogcu"}, 1e3},
        {"M*GCU", {"megagcu"}, 1e6},
        {"G*GCU", {"gigagcu"}, 1e9},
        {"T*GCU", {"teragcu"}, 1e12},
        {"P*GCU", {"petagcu"}, 1e15}}},
  };
  return *types;
}

}  // namespace

std::pair<double, std::string> Scale(int64_t value, std::string_view from_unit,
                                     std::string_view to_unit) {
  if (value < 0 && value != INT64_MIN) {
    auto [v, u] = Scale(-value, from_unit, to_unit);
    return {-v, u};
  }
  for (const UnitType& type : UnitTypes()) {
    double v;
    std::string u;
    if (type.Convert(value, from_unit, to_unit, &v, &u)) return {v, u};
  }
  for (std::string_view skip : {"count", "sample", "unit", "minimum", "auto"}) {
    if (to_unit == skip) return {static_cast<double>(value), ""};
  }
  return {static_cast<double>(value), std::string(to_unit)};
}

std::string ScaledLabel(int64_t value, std::string_view from_unit,
                        std::string_view to_unit) {
  auto [v, u] = Scale(value, from_unit, to_unit);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.2f", v);
  std::string s = buf;
  if (s.size() >= 3 && s.compare(s.size() - 3, 3, ".00") == 0) {
    s.resize(s.size() - 3);
  }
  if (s == "0" || s == "-0") return "0";
  return s + u;
}

std::string Percentage(int64_t value, int64_t total) {
  double ratio = 0;
  if (total != 0) {
    ratio = std::fabs(static_cast<double>(value) / static_cast<double>(total)) *
            100;
  }
  char buf[64];
  if (ratio >= 99.95 && ratio <= 100.05) return "  100%";
  if (ratio >= 1.0) {
    std::snprintf(buf, sizeof(buf), "%5.2f%%", ratio);
  } else {
    std::snprintf(buf, sizeof(buf), "%5.2g%%", ratio);
  }
  return buf;
}

}  // namespace mdbprof::pprof
