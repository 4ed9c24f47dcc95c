#pragma once
// The phantom's anatomy as analytic shapes in LPS millimetres. A point is
// classified by sample(); rendering onto a grid lives in phantom.cpp.
#include "lsms/core/geometry.h"
#include "lsms/core/phantom.h"
#include "phantom_rng.h"

#include <array>
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

    const std::vector<Lesion>& lesions() const { return lesions_; }
    double bodyHalfWidth() const { return bodyA_; }
    double bodyHalfDepth() const { return bodyB_; }
    double liverZMin() const;
    double liverZMax() const;

private:
    double s_ = 1;               // patient scale in x and y
    double bodyA_ = 160, bodyB_ = 120;  // body ellipse half axes
    double fatMm_ = 20, wallMm_ = 10;
    double liverHu_ = 105, spleenHu_ = 110, muscleHu_ = 50, fatHu_ = -100;
    double portalHu_ = 170, hepaticHu_ = 150, aortaHu_ = 170, ivcHu_ = 135;
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
};

}  // namespace lsms::phantom
