#pragma once
// Files compiled into the binary at build time (sim/server/embed.cmake): the page, the charting
// library from npm, and the preset scenarios. The server serves only these; it never opens a file.
#include <span>
#include <string_view>

namespace detsim::server {

struct EmbeddedFile {
  std::string_view name;  // "index.html", "chart.umd.js", "ncg5.toml"
  std::string_view body;
};

std::span<const EmbeddedFile> embedded_files();
// The body of an embedded file, or an empty view when there is none.
std::string_view embedded_file(std::string_view name);

}  // namespace detsim::server
