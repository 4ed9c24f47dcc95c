#include "lsms/ui/presets.h"

namespace lsms::ui {

std::vector<WindowPreset> windowPresets() {
    return {{"Liver", {60, 160}, Command::PresetLiver},
            {"Soft tissue", {40, 400}, Command::PresetSoftTissue},
            {"Bone", {400, 1800}, Command::PresetBone},
            {"Lung", {-600, 1500}, Command::PresetLung}};
}

QStringList presetPrompts() {
    return {"the largest lesion",
            "the largest hypodense lesion in the right lobe",
            "all lesions",
            "all lesions in the left lobe",
            "the smallest lesion",
            "the hyperdense lesion",
            "the cyst",
            "the ring-enhancing lesion",
            "lesion in segment VII",
            "both lesions in the right lobe",
            "the hypodense lesion in the caudate lobe"};
}

}  // namespace lsms::ui
