// Writes the sample dataset to argv[1], for check_xarray.py.
#include "sample_dataset.hpp"

#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: " << argv[0] << " OUTPUT.h5\n";
        return 2;
    }
    try {
        detsim::results::write(argv[1], results_test::sample_dataset(), false);
    } catch (const detsim::results::ResultsError& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
    return 0;
}
