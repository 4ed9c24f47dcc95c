#include "lsms/core/error.h"
#include "lsms/models/nn/checkpoint.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace lsms::models;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
    auto dir = fs::temp_directory_path() / ("lsms_models_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir / name;
}

LsmsOptions smallOptions() {
    auto o = tinyOptions();
    o.text.vocabIds = {0, 100, 101, 102, 2922, 22520};
    o.propagate();
    return o;
}

torch::Tensor run(LsmsNet& net) {
    torch::NoGradGuard ng;
    torch::manual_seed(123);
    auto image = torch::rand({2, 3, 64, 64});
    auto ids = torch::tensor({101, 2922, 22520, 102, 0, 0, 101, 7592, 102, 0, 0, 0}, torch::kLong).view({2, 6});
    auto mask = (ids != 0).to(torch::kLong);
    return net->forward(image, ids, mask).logits;
}

}  // namespace

TEST_CASE("checkpoint: save/load round trip gives identical outputs", "[checkpoint]") {
    torch::manual_seed(9);
    LsmsNet net(smallOptions());
    // Move BN statistics away from their defaults so buffers are checked too.
    net->train();
    for (int i = 0; i < 3; ++i) run(net);
    net->eval();
    const auto expected = run(net);
    const auto file = scratch("roundtrip.pt");
    saveCheckpoint(net, file);
    CHECK_FALSE(fs::exists(file.string() + ".partial"));
    auto loaded = loadCheckpoint(file);
    CHECK(loaded->options().toText() == net->options().toText());
    CHECK(torch::equal(run(loaded), expected));

    // A fresh network of the same configuration does not (so the test can fail).
    LsmsNet fresh(smallOptions());
    fresh->eval();
    CHECK_FALSE(torch::equal(run(fresh), expected));
}

TEST_CASE("checkpoint: missing, corrupt and mismatched files are clear ModelErrors", "[checkpoint]") {
    using Catch::Matchers::Contains;
    CHECK_THROWS_WITH(loadCheckpoint(scratch("nope.pt")), Contains("does not exist"));
    CHECK_THROWS_AS(loadCheckpoint(scratch("nope.pt")), lsms::ModelError);

    const auto garbage = scratch("garbage.pt");
    std::ofstream(garbage) << "this is not a model";
    CHECK_THROWS_AS(loadCheckpoint(garbage), lsms::ModelError);

    LsmsNet net(smallOptions());
    const auto good = scratch("good.pt");
    saveCheckpoint(net, good);
    const auto truncated = scratch("truncated.pt");
    {
        std::ifstream in(good, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), {});
        std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    }
    CHECK_THROWS_AS(loadCheckpoint(truncated), lsms::ModelError);

    // A torch archive that is not an LSMS model.
    const auto foreign = scratch("foreign.pt");
    {
        torch::serialize::OutputArchive a;
        a.write("weight", torch::ones({3}));
        a.save_to(foreign.string());
    }
    CHECK_THROWS_WITH(loadCheckpoint(foreign), Contains("not an LSMS model"));

    // Right tag, but tensors from a smaller network than the configuration says.
    const auto mismatched = scratch("mismatched.pt");
    {
        auto bigger = smallOptions();
        bigger.visual.channels = {32, 48, 64, 96};
        bigger.propagate();
        torch::serialize::OutputArchive a;
        a.write("lsms_format", c10::IValue(std::string(kCheckpointFormat)));
        a.write("lsms_config", c10::IValue(bigger.toText()));
        net->save(a);
        a.save_to(mismatched.string());
    }
    CHECK_THROWS_AS(loadCheckpoint(mismatched), lsms::ModelError);

    const auto badConfig = scratch("badconfig.pt");
    {
        torch::serialize::OutputArchive a;
        a.write("lsms_format", c10::IValue(std::string(kCheckpointFormat)));
        a.write("lsms_config", c10::IValue(std::string("image_size = 33\n")));
        a.save_to(badConfig.string());
    }
    CHECK_THROWS_AS(loadCheckpoint(badConfig), lsms::ModelError);
}
