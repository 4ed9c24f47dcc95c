// The expressions.json of a real-data case (docs/real-data.md): its own file
// so that it builds without LibTorch (the fuzz harness compiles it alone).
#include "lsms/workflow/real_data.h"

#include "lsms/core/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>

namespace lsms::workflow {

namespace fs = std::filesystem;
using models::ReferringExpression;

namespace {

[[noreturn]] void bad(const fs::path& file, const std::string& what) {
    throw InputError(file.string() + ": " + what);
}

// Whitespace-only text would tokenize to nothing and teach the network to
// answer an empty prompt.
bool blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char ch) { return std::isspace(ch); });
}

}  // namespace

std::vector<ReferringExpression> readExpressions(const fs::path& file) {
    std::ifstream in(file);
    if (!in) bad(file, "missing or unreadable");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        bad(file, std::string("not valid JSON (") + e.what() + ")");
    }
    if (!j.is_object() || !j.contains("expressions") || !j["expressions"].is_array())
        bad(file, "needs an object with an \"expressions\" array");
    if (j["expressions"].empty()) bad(file, "\"expressions\" is empty");
    std::vector<ReferringExpression> out;
    for (std::size_t n = 0; n < j["expressions"].size(); ++n) {
        const auto& e = j["expressions"][n];
        const std::string where = "expression " + std::to_string(n + 1);
        if (!e.is_object() || !e.contains("text") || !e["text"].is_string())
            bad(file, where + " needs a \"text\" string");
        if (!e.contains("targets") || !e["targets"].is_array())
            bad(file, where + " needs a \"targets\" array (empty if nothing is referred)");
        ReferringExpression r;
        r.text = e["text"].get<std::string>();
        if (blank(r.text)) bad(file, where + " has empty text");
        for (const auto& t : e["targets"]) {
            if (!t.is_number_integer() || t.get<long long>() < 1 || t.get<long long>() > 65535)
                bad(file, where + " has a target that is not a lesion id 1..65535");
            r.targets.push_back(t.get<int>());
        }
        std::sort(r.targets.begin(), r.targets.end());
        r.targets.erase(std::unique(r.targets.begin(), r.targets.end()), r.targets.end());
        r.category = models::writtenCategory(r.targets);
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace lsms::workflow
