#include "cluster/shard_file.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <set>
#include <sstream>

#include "cluster/shard.hpp"

namespace detsim::cluster {
namespace {

using results::Dataset;
using results::Variable;

// Attributes that identify a run: shards must agree on all of them.
constexpr const char* identity_keys[] = {"scenario",      "seed",       "draws",        "games_per_draw",
                                         "mode",          "design",     "detsim_version", "git_revision",
                                         "compiler",      "compiler_flags", "build_type"};

std::size_t cells_in(const Dataset& ds, std::size_t n_cell_dims) {
  std::size_t n = 1;
  for (std::size_t d = 0; d < n_cell_dims; ++d) n *= results::length(ds.dims[d]);
  return n;
}

// Elements per cell of a variable laid out over the cell dimensions first; 0 if it is not.
std::size_t per_cell(const Dataset& ds, const std::vector<std::string>& cell_dims, const Variable& v) {
  if (v.dims.size() < cell_dims.size() || !std::equal(cell_dims.begin(), cell_dims.end(), v.dims.begin())) return 0;
  std::size_t n = 1;
  for (std::size_t d = cell_dims.size(); d < v.dims.size(); ++d) n *= results::length(*ds.find_dimension(v.dims[d]));
  return n;
}

// Equal element by element, NaN included (doubles compared by their bits).
bool same_bits(const results::Data& a, const results::Data& b) {
  if (a.index() != b.index()) return false;
  return std::visit(
      [&](const auto& va) {
        const auto& vb = std::get<std::decay_t<decltype(va)>>(b);
        using T = typename std::decay_t<decltype(va)>::value_type;
        if constexpr (std::is_same_v<T, std::string>) return va == vb;
        else return va.size() == vb.size() && std::memcmp(va.data(), vb.data(), va.size() * sizeof(T)) == 0;
      },
      a);
}

// Copies elements [first, first + n) of `from` into `to` (same alternative).
void copy_block(const results::Data& from, results::Data& to, std::size_t first, std::size_t n) {
  std::visit(
      [&](auto& dst) {
        const auto& src = std::get<std::decay_t<decltype(dst)>>(from);
        std::copy(src.begin() + first, src.begin() + first + n, dst.begin() + first);
      },
      to);
}

void blank_block(results::Data& data, std::size_t first, std::size_t n) {
  std::visit(
      [&](auto& vec) {
        using T = typename std::decay_t<decltype(vec)>::value_type;
        T blank{};
        if constexpr (std::is_floating_point_v<T>) blank = std::numeric_limits<T>::quiet_NaN();
        std::fill(vec.begin() + first, vec.begin() + first + n, blank);
      },
      data);
}

std::string text(const results::AttributeValue& v) {
  return std::visit(
      [](const auto& x) {
        std::ostringstream s;
        s << x;
        return s.str();
      },
      v);
}

std::string attribute_text(const Dataset& ds, const std::string& key) {
  const auto it = ds.attributes.find(key);
  return it == ds.attributes.end() ? std::string("(absent)") : text(it->second);
}

std::string first_line_difference(const std::string& a, const std::string& b) {
  std::istringstream sa(a), sb(b);
  std::string la, lb;
  for (int line = 1;; ++line) {
    const bool ha = static_cast<bool>(std::getline(sa, la)), hb = static_cast<bool>(std::getline(sb, lb));
    if (!ha && !hb) return "";
    if (!ha || !hb || la != lb)
      return " (line " + std::to_string(line) + ": '" + (ha ? la : "") + "' vs '" + (hb ? lb : "") + "')";
  }
}

}  // namespace

std::string cell_label(const Dataset& ds, std::size_t n_cell_dims, std::size_t cell) {
  std::vector<std::size_t> index(n_cell_dims);
  std::size_t rest = cell;
  for (std::size_t d = n_cell_dims; d-- > 0;) {
    const std::size_t len = results::length(ds.dims[d]);
    index[d] = rest % len;
    rest /= len;
  }
  std::ostringstream s;
  for (std::size_t d = 0; d < n_cell_dims; ++d) {
    const auto& dim = ds.dims[d];
    if (!dim.labels.empty()) s << (d ? ", " : "") << dim.labels[index[d]];
    else if (!dim.values.empty()) s << (d ? ", " : "") << dim.name << "=" << dim.values[index[d]];
    else s << (d ? ", " : "") << dim.name << "[" << index[d] << "]";
  }
  if (n_cell_dims == 0) s << "all";
  return s.str();
}

void mark_shard(Dataset& ds, std::size_t n_cell_dims, const std::vector<bool>& computed, const std::string& shard,
                const std::string& rule) {
  std::vector<std::string> cell_dims;
  for (std::size_t d = 0; d < n_cell_dims; ++d) cell_dims.push_back(ds.dims[d].name);
  for (auto& v : ds.variables) {
    // Design values (scenario_key) are known for every cell; results only for computed ones.
    if (v.attributes.count("scenario_key")) continue;
    const std::size_t n = per_cell(ds, cell_dims, v);
    if (n == 0) continue;
    for (std::size_t c = 0; c < computed.size(); ++c)
      if (!computed[c]) blank_block(v.data, c * n, n);
  }
  std::vector<std::uint8_t> mask(computed.begin(), computed.end());
  ds.variables.push_back({.name = computed_variable, .dims = cell_dims, .units = "1",
                          .long_name = "1 where this shard computed the cell (the others hold NaN and 0 counts)",
                          .data = mask});
  ds.attributes["shard"] = shard;
  ds.attributes["shard_cells"] = rule;
}

Dataset merge_shards(const std::vector<ShardInput>& shards) {
  if (shards.empty()) throw MergeError("no shard files given");
  for (const auto& s : shards) {
    if (!s.data.attributes.count("shard") || !s.data.find_variable(computed_variable))
      throw MergeError(s.path + " is not a shard file (no 'shard' attribute): make shards with detsim run --shard K/N");
    // The mask must be bytes over the leading (cell) dimensions, or indexing it by cell would overrun.
    const Variable& mask = *s.data.find_variable(computed_variable);
    bool leading = mask.dims.size() <= s.data.dims.size();
    for (std::size_t d = 0; leading && d < mask.dims.size(); ++d) leading = mask.dims[d] == s.data.dims[d].name;
    if (!leading || !std::holds_alternative<std::vector<std::uint8_t>>(mask.data))
      throw MergeError(s.path + ": '" + computed_variable + "' is not a byte mask over the design's dimensions");
  }

  const Dataset& first = shards.front().data;
  for (const auto& s : shards) {
    for (const char* key : identity_keys) {
      const std::string a = attribute_text(first, key), b = attribute_text(s.data, key);
      if (a != b)
        throw MergeError(shards.front().path + " and " + s.path + " come from different runs: their '" + key +
                         "' differ" + (std::string(key) == "scenario" ? first_line_difference(a, b) : " (" + a + " vs " + b + ")"));
    }
    if (!(s.data.dims == first.dims))
      throw MergeError(shards.front().path + " and " + s.path + " have different dimensions or coordinates");
    bool same_variables = s.data.variables.size() == first.variables.size();
    for (std::size_t i = 0; same_variables && i < first.variables.size(); ++i)
      same_variables = s.data.variables[i].name == first.variables[i].name &&
                       s.data.variables[i].dims == first.variables[i].dims &&
                       s.data.variables[i].data.index() == first.variables[i].data.index();
    if (!same_variables) throw MergeError(shards.front().path + " and " + s.path + " hold different variables");
  }

  const std::vector<std::string> cell_dims = first.find_variable(computed_variable)->dims;
  const std::size_t n_cell_dims = cell_dims.size();
  const std::size_t n_cells = cells_in(first, n_cell_dims);
  std::vector<int> owner(n_cells, -1);
  for (std::size_t k = 0; k < shards.size(); ++k) {
    const auto& mask = std::get<std::vector<std::uint8_t>>(shards[k].data.find_variable(computed_variable)->data);
    for (std::size_t c = 0; c < n_cells; ++c) {
      if (!mask[c]) continue;
      if (owner[c] >= 0)
        throw MergeError("cell " + std::to_string(c) + " (" + cell_label(first, n_cell_dims, c) + ") is in both " +
                         shards[owner[c]].path + " (shard " + attribute_text(shards[owner[c]].data, "shard") +
                         ") and " + shards[k].path + " (shard " + attribute_text(shards[k].data, "shard") +
                         "): give each shard once");
      owner[c] = static_cast<int>(k);
    }
  }
  std::vector<std::size_t> missing;
  for (std::size_t c = 0; c < n_cells; ++c)
    if (owner[c] < 0) missing.push_back(c);
  if (!missing.empty()) {
    std::ostringstream m;
    m << missing.size() << " of " << n_cells << " cells are in none of the shards given:";
    const std::size_t shown = std::min<std::size_t>(missing.size(), 10);
    for (std::size_t i = 0; i < shown; ++i)
      m << (i ? "; " : " ") << "cell " << missing[i] << " (" << cell_label(first, n_cell_dims, missing[i]) << ")";
    if (missing.size() > shown) m << "; and " << missing.size() - shown << " more";
    // Name the absent shards when all shards split the cells the same way: those that own a missing cell.
    std::optional<ShardSpec> split;
    bool one_split = true;
    for (const auto& s : shards) {
      try {
        const ShardSpec spec = parse_shard(attribute_text(s.data, "shard"), {});
        if (split && split->count != spec.count) one_split = false;
        split = spec;
      } catch (const std::invalid_argument&) {
        one_split = false;  // a marker this build did not write: name cells only
      }
    }
    if (one_split && split) {
      std::set<std::size_t> absent;
      for (const std::size_t c : missing) absent.insert(c % split->count + 1);
      m << "\nmissing shard" << (absent.size() == 1 ? "" : "s");
      std::size_t named = 0;
      for (const std::size_t k : absent) {
        if (named == 10) break;
        m << (named++ ? ", " : " ") << to_string(ShardSpec{k, split->count});
      }
      if (absent.size() > named) m << " and " << absent.size() - named << " more";
    }
    throw MergeError(m.str());
  }

  Dataset out = first;
  for (std::size_t i = 0; i < out.variables.size(); ++i) {
    Variable& v = out.variables[i];
    const std::size_t n = per_cell(out, cell_dims, v);
    if (n == 0) {
      for (const auto& s : shards)
        if (!same_bits(s.data.variables[i].data, v.data))
          throw MergeError(shards.front().path + " and " + s.path + " differ in '" + v.name + "'");
      continue;
    }
    for (std::size_t c = 0; c < n_cells; ++c) copy_block(shards[owner[c]].data.variables[i].data, v.data, c * n, n);
  }
  out.variables.erase(std::remove_if(out.variables.begin(), out.variables.end(),
                                     [](const Variable& v) { return v.name == computed_variable; }),
                      out.variables.end());
  // The merged file is the single run's: drop the shard markers and the shard from the command.
  const std::string shard = attribute_text(first, "shard");
  out.attributes.erase("shard");
  out.attributes.erase("shard_cells");
  if (auto it = out.attributes.find("command"); it != out.attributes.end()) {
    if (auto* cmd = std::get_if<std::string>(&it->second)) {
      const std::string suffix = " --shard " + shard;
      if (cmd->size() >= suffix.size() && cmd->compare(cmd->size() - suffix.size(), suffix.size(), suffix) == 0)
        cmd->erase(cmd->size() - suffix.size());
    }
  }
  return out;
}

}  // namespace detsim::cluster
