#pragma once
// The three policy levers of the allies (MODEL.md §0). Each is a share in [0, 1].

namespace detsim {

struct Levers {
  double warning = 0.0;     // w: rhetoric strength, 0 = warning omitted, 1 = explicit warning
  double visibility = 0.5;  // s: visibility of strategic assets
  double burden = 0.5;      // b: protege's share of allied conventional defence
};

}  // namespace detsim
