#pragma once
// Draws that record themselves: every appearance parameter of a generation-2
// phantom is drawn through a ParameterDraw, so truth.json holds all of them
// by construction, each with the range it came from.
#include "lsms/core/phantom.h"
#include "phantom_rng.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace lsms::phantom {

class ParameterDraw {
public:
    ParameterDraw(Rng& rng, std::vector<DrawnParameter>& out) : rng_(rng), out_(out) {}

    double uniform(const std::string& name, double lo, double hi) { return record(name, rng_.uniform(lo, hi), lo, hi); }
    // Log-uniform: sizes and noise levels, where ratios matter.
    double logUniform(const std::string& name, double lo, double hi) {
        const double v = std::exp(rng_.uniform(std::log(lo), std::log(hi)));
        return record(name, std::clamp(v, lo, hi), lo, hi);
    }
    bool chance(const std::string& name, double p) {
        const bool b = rng_.uniform() < p;
        return record(name, b ? 1 : 0, 0, 1) != 0;
    }
    // Index into the weights (which need not sum to 1), recorded with its label.
    int choose(const std::string& name, const std::vector<double>& weights, const std::vector<std::string>& labels) {
        double total = 0;
        for (double w : weights) total += w;
        double u = rng_.uniform() * total;
        int k = 0;
        while (k + 1 < int(weights.size()) && u >= weights[std::size_t(k)]) u -= weights[std::size_t(k++)];
        out_.push_back({name, double(k), 0, double(weights.size() - 1), labels[std::size_t(k)]});
        return k;
    }
    // A value that was not drawn but forced (an option) or derived from draws:
    // recorded so that truth.json says what was rendered.
    double record(const std::string& name, double v, double lo, double hi) {
        out_.push_back({name, v, lo, hi, {}});
        return v;
    }
    void recordText(const std::string& name, int index, const std::string& text) {
        out_.push_back({name, double(index), double(index), double(index), text});
    }
    Rng& rng() { return rng_; }

private:
    Rng& rng_;
    std::vector<DrawnParameter>& out_;
};

}  // namespace lsms::phantom
