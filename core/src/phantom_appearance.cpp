#include "phantom_appearance.h"

#include <algorithm>

namespace lsms::phantom {

ContrastPhase drawPhase(ParameterDraw& d, std::optional<ContrastPhase> forced) {
    const std::vector<std::string> names{"non-contrast", "late-arterial", "portal-venous", "delayed"};
    if (forced) {
        d.recordText("phase", int(*forced), names[std::size_t(*forced)]);
        return *forced;
    }
    // Portal venous is the usual liver protocol; multiphase studies add the others.
    return ContrastPhase(d.choose("phase", {0.2, 0.25, 0.35, 0.2}, names));
}

LiverState drawLiverState(ParameterDraw& d) {
    return LiverState(d.choose("liver.state", {0.55, 0.25, 0.2}, {"normal", "steatotic", "cirrhotic"}));
}

Tissues drawTissues(ParameterDraw& d, ContrastPhase phase, LiverState state) {
    Tissues t;
    t.fat = d.uniform("tissue.fat_hu", -120, -85);
    t.gallbladder = d.uniform("tissue.gallbladder_hu", 0, 20);
    t.lung = d.uniform("tissue.lung_hu", -900, -820);
    switch (phase) {
        case ContrastPhase::NonContrast:
            t.liver = d.uniform("tissue.liver_normal_hu", 50, 68);
            t.spleen = t.liver - d.uniform("tissue.spleen_below_liver_hu", 2, 12);
            t.aorta = d.uniform("tissue.aorta_hu", 35, 50);
            t.portal = d.uniform("tissue.portal_vein_hu", 30, 50);
            t.hepatic = d.uniform("tissue.hepatic_vein_hu", 30, 50);
            t.ivc = d.uniform("tissue.ivc_hu", 30, 50);
            t.kidneyCortex = d.uniform("tissue.kidney_cortex_hu", 25, 40);
            t.kidneyMedulla = t.kidneyCortex - d.uniform("tissue.kidney_medulla_below_cortex_hu", 0, 5);
            t.kidneySinus = d.uniform("tissue.kidney_sinus_hu", 0, 20);
            t.muscle = d.uniform("tissue.muscle_hu", 40, 55);
            break;
        case ContrastPhase::LateArterial:
            t.liver = d.uniform("tissue.liver_normal_hu", 60, 90);
            t.spleen = d.uniform("tissue.spleen_hu", 100, 150);
            t.aorta = d.uniform("tissue.aorta_hu", 250, 400);
            t.portal = d.uniform("tissue.portal_vein_hu", 100, 170);
            t.hepatic = d.uniform("tissue.hepatic_vein_hu", 40, 80);
            t.ivc = d.uniform("tissue.ivc_hu", 60, 120);
            t.kidneyCortex = d.uniform("tissue.kidney_cortex_hu", 150, 250);
            t.kidneyMedulla = d.uniform("tissue.kidney_medulla_hu", 60, 110);
            t.kidneySinus = d.uniform("tissue.kidney_sinus_hu", 0, 20);
            t.muscle = d.uniform("tissue.muscle_hu", 45, 60);
            break;
        case ContrastPhase::PortalVenous:
            t.liver = d.uniform("tissue.liver_normal_hu", 90, 140);
            t.spleen = std::max(t.liver, 100.0) + d.uniform("tissue.spleen_above_liver_hu", -5, 15);
            t.aorta = d.uniform("tissue.aorta_hu", 140, 200);
            t.portal = d.uniform("tissue.portal_vein_hu", 150, 220);
            t.hepatic = std::max(150.0, t.portal - d.uniform("tissue.hepatic_below_portal_hu", 0, 30));
            t.ivc = d.uniform("tissue.ivc_hu", 110, 170);
            t.kidneyCortex = d.uniform("tissue.kidney_cortex_hu", 150, 200);
            t.kidneyMedulla = t.kidneyCortex - d.uniform("tissue.kidney_medulla_below_cortex_hu", 0, 20);
            t.kidneySinus = d.uniform("tissue.kidney_sinus_hu", 0, 20);
            t.muscle = d.uniform("tissue.muscle_hu", 50, 65);
            break;
        case ContrastPhase::Delayed:
            t.liver = d.uniform("tissue.liver_normal_hu", 70, 100);
            t.spleen = t.liver + d.uniform("tissue.spleen_above_liver_hu", -5, 10);
            t.aorta = d.uniform("tissue.aorta_hu", 100, 140);
            t.portal = d.uniform("tissue.portal_vein_hu", 100, 140);
            t.hepatic = d.uniform("tissue.hepatic_vein_hu", 100, 140);
            t.ivc = d.uniform("tissue.ivc_hu", 100, 140);
            t.kidneyCortex = d.uniform("tissue.kidney_cortex_hu", 100, 150);
            t.kidneyMedulla = t.kidneyCortex + d.uniform("tissue.kidney_medulla_above_cortex_hu", 0, 20);
            t.kidneySinus = d.uniform("tissue.kidney_collecting_system_hu", 300, 800);  // excreted contrast
            t.muscle = d.uniform("tissue.muscle_hu", 50, 65);
            break;
    }
    // The heart seen above the dome: blood pool and myocardium.
    t.heart = d.record("tissue.heart_hu", 0.6 * t.aorta + 0.4 * t.muscle, -1000, 3000);
    const double normal = t.liver;
    if (state == LiverState::Steatotic) {
        // Fat lowers the liver in every phase by the same amount: on
        // non-contrast CT it falls below the spleen, to 0-30 HU when severe.
        const double drop = d.uniform("liver.steatosis_drop_hu", 20, 55);
        t.liver = std::max(0.0, normal - drop);
        if (phase == ContrastPhase::NonContrast) t.spleen = std::max(t.spleen, t.liver + 10);
    } else if (state == LiverState::Cirrhotic) {
        // Fibrosis enhances less than normal parenchyma.
        const double unenhanced = phase == ContrastPhase::NonContrast ? normal : 55;
        t.liver = unenhanced + (normal - unenhanced) * d.uniform("liver.cirrhosis_enhancement_factor", 0.8, 1.0);
    }
    d.record("tissue.liver_hu", t.liver, -1000, 3000);
    d.record("tissue.spleen_final_hu", t.spleen, -1000, 3000);
    return t;
}

void drawLesionAppearance(ParameterDraw& d, Lesion& l, ContrastPhase phase, double liverHu) {
    const int ph = int(phase);
    // Low-contrast lesions differ from the liver by only 10-20 HU (cysts are
    // water and ring-enhancing cores necrotic, so neither can be).
    const bool relative = l.kind == LesionKind::Metastasis || l.kind == LesionKind::Enhancing;
    const bool lowContrast = relative && d.chance("low_contrast", 0.2);
    auto delta = [&](const char* name, double lo, double hi) { return d.uniform(name, lo, hi); };
    switch (l.kind) {
        case LesionKind::Cyst:
            l.coreHu = d.uniform("core_hu", 0, 20);  // water in every phase, sharp edge
            l.edgeMm = 0;
            break;
        case LesionKind::Metastasis: {
            static const double lo[] = {5, 10, 20, 10}, hi[] = {30, 40, 70, 45};
            const double below = lowContrast ? delta("below_liver_hu", 10, 20) : delta("below_liver_hu", lo[ph], hi[ph]);
            l.coreHu = liverHu - below;
            // Peripheral (rim) enhancement of hypovascular metastases.
            const bool rimPhase = phase == ContrastPhase::LateArterial || phase == ContrastPhase::PortalVenous;
            l.hasRim = rimPhase && !lowContrast && d.chance("rim", 0.3);
            if (l.hasRim) {
                l.rimHu = liverHu + d.uniform("rim_above_liver_hu", 5, 40);
                l.rimMm = d.uniform("rim_mm", 1.5, 3.5);
            }
            l.textureHu = d.uniform("texture_sd_hu", 2, 8);
            l.edgeMm = d.uniform("edge_mm", 0.5, 3);
            break;
        }
        case LesionKind::Enhancing: {
            // Hypervascular: bright in the arterial phase, iso- or hypodense
            // (washout) later, slightly hypodense unenhanced.
            double diff = 0;
            if (lowContrast) {
                const double m = delta("difference_magnitude_hu", 10, 20);
                diff = phase == ContrastPhase::LateArterial ? m : -m;
            } else {
                static const double lo[] = {-20, 30, -20, -30}, hi[] = {0, 100, 10, -5};
                diff = delta("difference_from_liver_hu", lo[ph], hi[ph]);
            }
            l.coreHu = liverHu + diff;
            const bool latePhase = phase == ContrastPhase::PortalVenous || phase == ContrastPhase::Delayed;
            l.hasRim = latePhase && d.chance("capsule", 0.5);
            if (l.hasRim) {
                l.rimHu = liverHu + d.uniform("capsule_above_liver_hu", 10, 30);
                l.rimMm = d.uniform("capsule_mm", 1.0, 2.0);
            }
            l.textureHu = d.uniform("texture_sd_hu", 2, 6);
            l.edgeMm = d.uniform("edge_mm", 0.5, 2);
            break;
        }
        case LesionKind::RingEnhancing: {
            static const double lo[] = {-10, 30, 20, 10}, hi[] = {5, 80, 60, 40};
            l.coreHu = d.uniform("core_hu", 10, 45);
            l.rimHu = liverHu + d.uniform("rim_above_liver_hu", lo[ph], hi[ph]);
            l.rimMm = std::min(0.35 * l.shape.semi[0], d.uniform("rim_mm", 2, 4));
            l.hasRim = true;
            l.textureHu = d.uniform("texture_sd_hu", 0, 4);
            l.edgeMm = d.uniform("edge_mm", 0, 1);
            break;
        }
    }
    d.record("core_final_hu", l.coreHu, -1000, 3000);
}

}  // namespace lsms::phantom
