#pragma once
// The phantom's anatomy as analytic shapes in LPS millimetres. A point is
// classified by sample(); rendering onto a grid lives in phantom.cpp.
#include "lsms/core/geometry.h"
#include "lsms/core/phantom.h"
#include "phantom_rng.h"

#include <array>
#include <optional>
#include <vector>

namespace lsms::phantom {

// An ellipsoid with optional rotation and a lobulated surface.
struct Blob {
    Vec3 centre{};
    Vec3 semi{1, 1, 1};                                       // semi-axes, mm
    std::array<Vec3, 3> axes{Vec3{1, 0, 0}, Vec3{0, 1, 0}, Vec3{0, 0, 1}};  // local frame
    double lobulation = 0;                                    // relative surface wobble
    std::array<Vec3, 3> wobbleDir{};
    std::array<double, 3> wobbleFreq{};
    std::array<double, 3> wobblePhase{};

    // < 1 inside, 1 on the surface (normalised radius including the wobble).
    double radius(const Vec3& p) const;
    double maxExtent() const;
};

// A capsule (tube with round ends) for vessels.
struct Tube {
    Vec3 a{}, b{};
    double r = 1;
    bool contains(const Vec3& p) const;
};

struct Lesion {
    Blob shape;
    LesionKind kind = LesionKind::Metastasis;
    double coreHu = 0;
    double rimHu = 0;
    double rimMm = 0;  // ring-enhancing rim thickness
    // Generation 2 (all zero/empty in generation 1):
    std::vector<Blob> satellites;  // confluent lesion: overlapping blobs, one label
    double edgeMm = 0;             // soft margin: blend into the liver over this depth
    double textureHu = 0;          // internal heterogeneity (SD)
    bool hasRim = false;           // metastasis with a rim, enhancing lesion with a capsule
};

// Tissue densities, HU. Generation 1 draws the first eight in the Anatomy
// constructor and uses the fixed values below for the rest; generation 2
// draws all of them for its contrast phase (phantom_appearance.cpp).
struct Tissues {
    double liver = 105, spleen = 110, muscle = 50, fat = -100;
    double portal = 170, hepatic = 150, aorta = 170, ivc = 135;
    double kidneyCortex = 185, kidneyMedulla = 185, kidneySinus = 35;
    double gallbladder = 8, heart = 40, lung = -860;
};

// Shape and habitus of a generation-2 phantom (drawn in phantom_shape.cpp).
struct Wave {
    Vec3 k{};  // wave vector, rad/mm
    double phase = 0;
    Vec3 dir{};  // displacement direction (deformations) or unused (textures)
    double amplitude = 0;
};
struct Generation2Anatomy {
    std::vector<Wave> liverDeformation;  // smooth displacement of the liver's shape, mm
    std::vector<Wave> surfaceNodularity; // cirrhosis: fine displacement of the capsule, mm
    std::vector<Wave> texture;           // parenchyma heterogeneity, HU (amplitude per wave)
    std::vector<Wave> nodules;           // cirrhosis: regenerative nodules with fibrous septa
    double septaHu = 0;                  // how much darker the septa are
    bool riedelLobe = false;
    Blob riedel;
    bool armsDown = false;
    double armHalfWidth = 45, armHalfDepth = 50, armGapMm = 15;
    bool table = true;
    double tableGapMm = 0, tableThicknessMm = 45;
    bool metalClip = false;
    Vec3 metalCentre{};
    double metalRadiusMm = 2;
};

struct Sample {
    float hu = -1000.f;
    std::uint16_t lesion = 0;  // 1-based index into lesions
    bool liver = false;
};

class Anatomy {
public:
    explicit Anatomy(Rng& rng);

    // Classifies one point. Lesions must have been added first.
    Sample sample(const Vec3& p) const;
    bool inLiver(const Vec3& p) const;  // parenchyma, vessels and lesions
    LiverRegion region(const Vec3& p) const;
    // Tries to place a lesion of the given kind and diameter inside the liver
    // without touching the others; returns false if no place was found.
    bool addLesion(Rng& rng, LesionKind kind, double diameterMm);

    // Generation 2: replace tissue densities, reshape organs and body, add
    // texture, arms, table and metal. Call before adding lesions (placement
    // depends on the liver's shape).
    void setTissues(const Tissues& t);
    const Tissues& tissues() const { return t_; }
    void setGeneration2(const Generation2Anatomy& g2);
    void scaleOrgans(double rightLobe, double leftLobe, double caudate, double spleen);
    void setBody(double halfWidth, double halfDepth, double fatMm);
    // Generation 2 placement: smaller lesions, rougher shapes, allowed to reach
    // the capsule; returns the placed lesion or nullptr.
    Lesion* addLesion2(Rng& rng, LesionKind kind, double diameterMm, double lobulation, int satellites);
    Vec3 spleenCentre() const { return spleen_.centre; }
    Vec3 aortaCentre() const { return aorta_; }
    double aortaRadius() const { return aortaR_; }
    double patientScale() const { return s_; }
    double fatMm() const { return fatMm_; }
    double wallMm() const { return wallMm_; }
    Vec3 vertebraCentre() const { return {0, 68 * s_, 0}; }
    Vec3 gallbladderCentre() const { return gallbladder_.centre; }
    Vec3 rightLobeCentre() const { return rightLobe_.centre; }

    const std::vector<Lesion>& lesions() const { return lesions_; }
    double bodyHalfWidth() const { return bodyA_; }
    double bodyHalfDepth() const { return bodyB_; }
    double liverZMin() const;
    double liverZMax() const;

private:
    double s_ = 1;               // patient scale in x and y
    double bodyA_ = 160, bodyB_ = 120;  // body ellipse half axes
    double fatMm_ = 20, wallMm_ = 10;
    Tissues t_;
    std::optional<Generation2Anatomy> g2_;
    Vec3 liverLo_{}, liverHi_{};  // generation 2: bounding box of the (displaced) liver
    double domeZ_ = 95;
    double ribPhase_ = 0;
    Blob rightLobe_, leftLobe_, caudate_, spleen_, kidneyL_, kidneyR_, gallbladder_;
    std::vector<Tube> portal_, hepatic_;
    Blob stomach_;
    std::vector<Tube> bowel_;      // small-bowel loops and colon
    std::vector<float> bowelHu_;   // content of each: fluid, gas or stool
    Vec3 aorta_{}, ivc_{};  // centre (z ignored)
    double aortaR_ = 12, ivcR_ = 12;
    std::vector<Lesion> lesions_;

    double ellipseRadius(const Vec3& p, double a, double b) const;
    bool inCavity(const Vec3& p) const;
    bool inLiverShape(const Vec3& p) const;
    float background(const Vec3& p) const;
    float outsideBody(const Vec3& p) const;  // generation 2: arms, table
    double liverTexture(const Vec3& p) const;
    float lesionHu(const Lesion& l, double r, const Vec3& p) const;
};

}  // namespace lsms::phantom
