#include "phantom_anatomy.h"

#include <algorithm>
#include <cmath>

namespace lsms::phantom {

namespace {
constexpr double kPi = 3.14159265358979;

Vec3 randomUnit(Rng& rng) {
    for (;;) {
        Vec3 v{rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)};
        const double n = norm(v);
        if (n > 0.1 && n <= 1) return (1.0 / n) * v;
    }
}

// A random orthonormal frame.
std::array<Vec3, 3> randomFrame(Rng& rng) {
    const Vec3 a = randomUnit(rng);
    Vec3 t = randomUnit(rng);
    Vec3 b = normalized(cross(a, t));
    while (norm(cross(a, t)) < 0.2) {
        t = randomUnit(rng);
        b = normalized(cross(a, t));
    }
    return {a, b, cross(a, b)};
}

Blob makeBlob(Rng& rng, Vec3 centre, Vec3 semi, double lobulation, bool rotate) {
    Blob b;
    b.centre = centre;
    b.semi = semi;
    if (rotate) b.axes = randomFrame(rng);
    b.lobulation = lobulation;
    for (int w = 0; w < 3; ++w) {
        b.wobbleDir[w] = randomUnit(rng);
        b.wobbleFreq[w] = rng.uniform(2.0, 5.0);
        b.wobblePhase[w] = rng.uniform(0, 2 * kPi);
    }
    return b;
}
}  // namespace

double Blob::radius(const Vec3& p) const {
    const Vec3 d = p - centre;
    const Vec3 l{dot(d, axes[0]) / semi[0], dot(d, axes[1]) / semi[1], dot(d, axes[2]) / semi[2]};
    const double r = norm(l);
    if (lobulation == 0 || r == 0) return r;
    // The wobble changes the radius by at most a factor 1 + lobulation: far
    // outside, a lower bound answers every caller (they compare with <= 1.15)
    // without the three sines.
    if (r >= 1.2 * (1 + lobulation)) return r / (1 + lobulation);
    const Vec3 u = (1.0 / r) * l;
    double wob = 0;
    for (int w = 0; w < 3; ++w) wob += std::sin(dot(u, wobbleDir[w]) * wobbleFreq[w] + wobblePhase[w]);
    return r / (1.0 + lobulation * wob / 3.0);
}

double Blob::maxExtent() const {
    return std::max({semi[0], semi[1], semi[2]}) * (1.0 + lobulation);
}

bool Tube::contains(const Vec3& p) const {
    // Cheap bounding-box reject first: most points are far from most tubes.
    for (int c = 0; c < 3; ++c)
        if (p[c] < std::min(a[c], b[c]) - r || p[c] > std::max(a[c], b[c]) + r) return false;
    const Vec3 ab = b - a;
    const double t = std::clamp(dot(p - a, ab) / dot(ab, ab), 0.0, 1.0);
    const Vec3 q = a + t * ab;
    return norm(p - q) < r;
}

Anatomy::Anatomy(Rng& rng) {
    s_ = rng.uniform(0.85, 1.1);
    bodyA_ = 160 * s_ * rng.uniform(0.95, 1.05);
    bodyB_ = 118 * s_ * rng.uniform(0.92, 1.05);
    fatMm_ = rng.uniform(8, 28);
    wallMm_ = rng.uniform(7, 12);
    t_.liver = rng.uniform(95, 115);
    t_.spleen = t_.liver + rng.uniform(-5, 15);
    t_.muscle = rng.uniform(45, 60);
    t_.fat = rng.uniform(-110, -85);
    t_.portal = rng.uniform(155, 190);
    t_.hepatic = t_.portal - rng.uniform(5, 25);
    t_.aorta = t_.portal + rng.uniform(-10, 20);
    t_.ivc = t_.hepatic - rng.uniform(0, 20);
    domeZ_ = rng.uniform(85, 105);
    ribPhase_ = rng.uniform(0, 25);

    auto xy = [&](double x, double y, double z) { return Vec3{x * s_, y * s_, z}; };
    const double lv = rng.uniform(0.9, 1.1);  // liver size
    rightLobe_ = makeBlob(rng, xy(-62, -5, 5), {72 * s_ * lv, 80 * s_ * lv, 85 * lv}, 0.04, false);
    leftLobe_ = makeBlob(rng, xy(12, -42, 28), {58 * s_ * lv, 34 * s_ * lv, 40 * lv}, 0.05, false);
    caudate_ = makeBlob(rng, xy(-14, 12, 12), {19 * s_, 17 * s_, 30}, 0.03, false);
    spleen_ = makeBlob(rng, xy(92, 40, 25), {28 * s_, 45 * s_, 50}, 0.05, false);
    kidneyR_ = makeBlob(rng, xy(-72, 55, -85), {27 * s_, 24 * s_, 52}, 0.0, false);
    kidneyL_ = makeBlob(rng, xy(72, 55, -70), {27 * s_, 24 * s_, 52}, 0.0, false);
    gallbladder_ = makeBlob(rng, xy(-32, -62, -35), {14 * s_, 16 * s_, 32}, 0.03, false);
    stomach_ = makeBlob(rng, xy(62, -18, 35), {42 * s_, 32 * s_, 45}, 0.06, false);
    // Colon up both flanks, then small-bowel loops below the liver.
    bowel_.push_back({xy(-100, 5, -160), xy(-95, -10, -40), 20 * s_});
    bowel_.push_back({xy(100, 15, -160), xy(95, 5, -15), 18 * s_});
    bowel_.push_back({xy(-95, -10, -40), xy(95, 5, -15), 17 * s_});
    bowelHu_ = {float(rng.uniform(-450, -150)), float(rng.uniform(-450, -150)), float(rng.uniform(-500, -200))};
    for (int n = 0; n < 22; ++n) {
        const Vec3 a = xy(rng.uniform(-70, 70), rng.uniform(-80, 25), rng.uniform(-200, -45));
        const double ang = rng.uniform(0, 2 * kPi);
        const double len = rng.uniform(25, 60);
        const Vec3 b = a + Vec3{len * std::cos(ang) * s_, len * std::sin(ang) * s_ * 0.6, rng.uniform(-15, 15)};
        bowel_.push_back({a, b, rng.uniform(7, 13) * s_});
        const double u = rng.uniform();
        bowelHu_.push_back(u < 0.6 ? float(rng.uniform(10, 35)) : u < 0.8 ? float(rng.uniform(120, 220)) : -750.f);
    }
    aorta_ = xy(18, 36, 0);
    ivc_ = xy(-22, 28, 0);
    aortaR_ = rng.uniform(10, 13) * s_;
    ivcR_ = rng.uniform(10, 14) * s_;

    // Portal tree from the hilum; hepatic veins converging on the IVC.
    const Vec3 hilum = xy(-18, 2, -8);
    portal_ = {{xy(-5, 22, -60), hilum, 7.5 * s_},
               {hilum, xy(-68, -2, 2), 6.0 * s_},
               {xy(-68, -2, 2), xy(-105, 12, -20), 4.0 * s_},
               {xy(-68, -2, 2), xy(-85, -45, 35), 4.0 * s_},
               {hilum, xy(8, -28, 12), 4.5 * s_},
               {xy(8, -28, 12), xy(40, -45, 30), 3.5 * s_}};
    const Vec3 ivcTop = xy(-22, 26, 65);
    hepatic_ = {{ivcTop, xy(-112, -8, 40), 5.0 * s_},
                {ivcTop, xy(-36, -72, 10), 4.5 * s_},
                {ivcTop, xy(38, -48, 42), 4.0 * s_}};
    for (auto& t : portal_) t.r *= rng.uniform(0.9, 1.1);
    for (auto& t : hepatic_) t.r *= rng.uniform(0.9, 1.1);
}

double Anatomy::ellipseRadius(const Vec3& p, double a, double b) const {
    return std::sqrt((p[0] / a) * (p[0] / a) + (p[1] / b) * (p[1] / b));
}

bool Anatomy::inCavity(const Vec3& p) const {
    const double inset = fatMm_ + wallMm_;
    return ellipseRadius(p, bodyA_ - inset, bodyB_ - inset) < 1.0;
}

double Anatomy::liverZMin() const { return rightLobe_.centre[2] - rightLobe_.semi[2] * 1.1; }
double Anatomy::liverZMax() const { return std::min(domeZ_, rightLobe_.centre[2] + rightLobe_.semi[2] * 1.1); }

bool Anatomy::inLiverShape(const Vec3& p) const {
    if (g2_) {
        // Generation 2: the lobes are tested at a smoothly displaced point, so
        // the liver's outline (and a cirrhotic capsule) deforms; the organs
        // that indent it are tested where they are.
        for (int c = 0; c < 3; ++c)
            if (p[c] < liverLo_[c] || p[c] > liverHi_[c]) return false;
        Vec3 q = p;
        for (const Wave& w : g2_->liverDeformation) q = q + (w.amplitude * std::sin(dot(w.k, p) + w.phase)) * w.dir;
        for (const Wave& w : g2_->surfaceNodularity) q = q + (w.amplitude * std::sin(dot(w.k, p) + w.phase)) * w.dir;
        if (q[2] > domeZ_ - 0.002 * (q[0] + 60) * (q[0] + 60)) return false;
        if (!(rightLobe_.radius(q) < 1 || leftLobe_.radius(q) < 1 || caudate_.radius(q) < 1 ||
              (g2_->riedelLobe && g2_->riedel.radius(q) < 1)))
            return false;
    } else {
        if (p[2] > domeZ_ - 0.002 * (p[0] + 60) * (p[0] + 60)) return false;  // under the right hemidiaphragm
        if (!(rightLobe_.radius(p) < 1 || leftLobe_.radius(p) < 1 || caudate_.radius(p) < 1)) return false;
    }
    if (!inCavity(p)) return false;
    // Organs and great vessels that indent the liver.
    if (kidneyR_.radius(p) < 1.15 || gallbladder_.radius(p) < 1.0) return false;
    const Vec3 dIvc{p[0] - ivc_[0], p[1] - ivc_[1], 0};
    if (norm(dIvc) < ivcR_ + 1.5) return false;
    const Vec3 dAo{p[0] - aorta_[0], p[1] - aorta_[1], 0};
    if (norm(dAo) < aortaR_ + 6) return false;
    if (p[1] > 40 * s_ && std::abs(p[0]) < 32 * s_) return false;  // spine and crura
    return true;
}

bool Anatomy::inLiver(const Vec3& p) const { return inLiverShape(p); }

LiverRegion Anatomy::region(const Vec3& p) const {
    if (caudate_.radius(p) < 1.0 && p[1] > 0) return {Lobe::Caudate, 1};
    // Portal plane: superior segments above it.
    const bool superior = p[2] > portal_[1].b[2] + 4;
    // Cantlie's line (middle hepatic vein plane), from the IVC to the gallbladder fossa.
    const Vec3 ivc = hepatic_[1].a, gb = gallbladder_.centre;
    const double t = (p[1] - ivc[1]) / (gb[1] - ivc[1]);
    const double xCantlie = ivc[0] + t * (gb[0] - ivc[0]);
    if (p[0] < xCantlie) {
        // Right hepatic vein plane splits anterior (V, VIII) from posterior (VI, VII).
        const Vec3 a = hepatic_[0].a, b = hepatic_[0].b;
        const double side = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
        const bool posterior = side < 0;
        if (posterior) return {Lobe::Right, superior ? 7 : 6};
        return {Lobe::Right, superior ? 8 : 5};
    }
    // Umbilical fissure / falciform ligament splits IV from II and III.
    if (p[0] < 6 * s_) return {Lobe::Left, 4};
    return {Lobe::Left, superior ? 2 : 3};
}

bool Anatomy::addLesion(Rng& rng, LesionKind kind, double diameterMm) {
    const double zLo = liverZMin(), zHi = liverZMax();
    for (int attempt = 0; attempt < 400; ++attempt) {
        if (attempt > 0 && attempt % 40 == 0) diameterMm = std::max(5.0, diameterMm * 0.85);
        const double r = diameterMm / 2;
        const Vec3 c{rng.uniform(-140 * s_, 70 * s_), rng.uniform(-90 * s_, 70 * s_), rng.uniform(zLo, zHi)};
        const bool smooth = kind == LesionKind::Cyst;
        const double lob = smooth ? rng.uniform(0.0, 0.05) : rng.uniform(0.08, 0.22);
        const Vec3 semi{r * rng.uniform(0.85, 1.15), r * rng.uniform(0.85, 1.15), r * rng.uniform(0.8, 1.2)};
        Blob shape = makeBlob(rng, c, semi, lob, true);
        // Mostly inside the liver: the centre and six points at 70 % of the radius.
        bool ok = inLiverShape(c);
        for (int a = 0; a < 3 && ok; ++a)
            for (int sgn = -1; sgn <= 1 && ok; sgn += 2) {
                Vec3 q = c;
                q[a] += sgn * 0.7 * semi[a];
                ok = inLiverShape(q);
            }
        for (const auto& o : lesions_)
            if (ok && norm(o.shape.centre - c) < o.shape.maxExtent() + shape.maxExtent() + 3) ok = false;
        if (!ok) continue;
        Lesion l;
        l.shape = shape;
        l.kind = kind;
        switch (kind) {
            case LesionKind::Metastasis: l.coreHu = t_.liver - rng.uniform(35, 65); break;
            case LesionKind::Enhancing: l.coreHu = t_.liver + rng.uniform(40, 80); break;
            case LesionKind::Cyst: l.coreHu = rng.uniform(0, 15); break;
            case LesionKind::RingEnhancing:
                l.coreHu = rng.uniform(20, 45);
                l.rimHu = t_.liver + rng.uniform(30, 60);
                l.rimMm = std::min(r * 0.35, rng.uniform(2.0, 4.0));
                break;
        }
        lesions_.push_back(l);
        return true;
    }
    return false;
}

float Anatomy::background(const Vec3& p) const {
    const double rBody = ellipseRadius(p, bodyA_, bodyB_);
    if (rBody >= 1.0) return g2_ ? outsideBody(p) : -1000.f;
    const double x = p[0] / s_, y = p[1] / s_, z = p[2];
    // Spine: vertebral bodies with discs, spinal canal, posterior elements.
    const double dVert = std::hypot(x - 0, y - 68);
    if (dVert < 21) {
        const bool disc = std::fmod(z + 1000.0, 32.0) < 7.0;
        if (disc) return 85.f;
        return dVert > 18.5 ? 650.f : 230.f;
    }
    if (std::hypot(x, y - 96) < 8) return 15.f;
    if (std::abs(x) < 6 && y > 104 && y < 128) return 450.f;
    if (std::abs(x) < 26 && std::abs(y - 96) < 6 && std::hypot(x, y - 96) >= 8) return 450.f;
    const double inset = fatMm_ + wallMm_;
    const double rWall = ellipseRadius(p, bodyA_ - fatMm_, bodyB_ - fatMm_);
    const double rCav = ellipseRadius(p, bodyA_ - inset, bodyB_ - inset);
    // Paraspinal muscles.
    if (std::hypot(std::abs(x) - 33, y - 104) < 22) return float(t_.muscle);
    // Ribs: arcs just inside the wall, slanting so each slice cuts a few.
    if (z > -60 && rCav >= 0.98 && rCav < 1.06) {
        const double ang = std::atan2(p[0], -p[1]);  // 0 = anterior midline
        if (std::abs(ang) > 0.5) {
            const double phase = std::fmod(z + ribPhase_ + 18 * std::abs(ang) + 1000.0, 26.0);
            if (phase < 9) return (phase < 1.5 || phase > 7.5) ? 700.f : 350.f;
        }
    }
    if (rWall >= 1.0) return float(t_.fat);         // subcutaneous fat
    if (rCav >= 1.0) return float(t_.muscle);       // abdominal wall muscle
    // Inside the cavity.
    const double diaphragm = domeZ_ - 0.002 * (p[0] + 60) * (p[0] + 60) * (p[0] < 0 ? 1 : 0.6);
    if (z > diaphragm + 6) {
        if (std::abs(x) < 45 && y < 40 && z > diaphragm + 10) return float(t_.heart);  // heart / mediastinum
        if (std::hypot(x - 18, y - 36) < 12) return float(t_.aorta);
        return float(t_.lung);                                              // lung
    }
    if (z > diaphragm) return float(t_.muscle);  // diaphragm
    if (std::hypot(p[0] - aorta_[0], p[1] - aorta_[1]) < aortaR_) return float(t_.aorta);
    if (z < 80 && std::hypot(p[0] - ivc_[0], p[1] - ivc_[1]) < ivcR_) return float(t_.ivc);
    if (kidneyR_.radius(p) < 1 || kidneyL_.radius(p) < 1) {
        const double r = std::min(kidneyR_.radius(p), kidneyL_.radius(p));
        return float(r > 0.8 ? t_.kidneyCortex : r > 0.55 ? t_.kidneyMedulla : t_.kidneySinus);
    }
    if (z < -55 && std::hypot(std::abs(x) - 42, y - 62) < 8 + (-55 - z) * 0.12) return float(t_.muscle);  // psoas
    if (gallbladder_.radius(p) < 1) return float(t_.gallbladder);
    if (spleen_.radius(p) < 1) return float(t_.spleen);
    if (stomach_.radius(p) < 1) {
        if (stomach_.radius(p) > 0.9) return float(t_.muscle);  // wall
        return p[1] < stomach_.centre[1] - 0.45 * stomach_.semi[1] ? -850.f : 18.f;  // air rises anteriorly
    }
    for (std::size_t b = 0; z < 10 && b < bowel_.size(); ++b) {
        const Tube& t = bowel_[b];
        if (!t.contains(p)) continue;
        const Tube inner{t.a, t.b, t.r - 2.0};
        return inner.contains(p) ? bowelHu_[b] : float(t_.muscle - 10);
    }
    return float(t_.fat + 10);  // visceral fat
}

Sample Anatomy::sample(const Vec3& p) const {
    Sample s;
    if (g2_ && g2_->metalClip && norm(p - g2_->metalCentre) < g2_->metalRadiusMm) {
        s.hu = 3071.f;  // surgical clip
        return s;
    }
    if (inLiverShape(p)) {
        s.liver = true;
        s.hu = float(t_.liver);
        bool vessel = false;
        for (const auto& t : portal_)
            if (t.contains(p)) s.hu = float(t_.portal), vessel = true;
        for (const auto& t : hepatic_)
            if (t.contains(p)) s.hu = float(t_.hepatic), vessel = true;
        if (g2_) {
            if (!vessel) s.hu = float(t_.liver + liverTexture(p));
            for (std::size_t n = 0; n < lesions_.size(); ++n) {
                const Lesion& l = lesions_[n];
                const double reach = 2.2 * l.shape.maxExtent();
                if (std::abs(p[2] - l.shape.centre[2]) > reach || std::abs(p[0] - l.shape.centre[0]) > reach ||
                    std::abs(p[1] - l.shape.centre[1]) > reach)
                    continue;
                double r = l.shape.radius(p);
                for (const Blob& b : l.satellites) r = std::min(r, b.radius(p));
                if (r >= 1) continue;
                s.lesion = std::uint16_t(n + 1);
                s.hu = lesionHu(l, r, p);
                break;
            }
            return s;
        }
        for (std::size_t n = 0; n < lesions_.size(); ++n) {
            const Lesion& l = lesions_[n];
            if (std::abs(p[2] - l.shape.centre[2]) > l.shape.maxExtent()) continue;
            const double r = l.shape.radius(p);
            if (r >= 1) continue;
            s.lesion = std::uint16_t(n + 1);
            const double rMm = r * l.shape.semi[0];
            switch (l.kind) {
                case LesionKind::RingEnhancing:
                    s.hu = float((l.shape.semi[0] - rMm) < l.rimMm ? l.rimHu : l.coreHu);
                    break;
                case LesionKind::Metastasis:  // slightly brighter towards the edge
                    s.hu = float(l.coreHu + 12 * r * r);
                    break;
                default: s.hu = float(l.coreHu); break;
            }
            break;
        }
        return s;
    }
    s.hu = background(p);
    return s;
}

void Anatomy::setTissues(const Tissues& t) { t_ = t; }

void Anatomy::setGeneration2(const Generation2Anatomy& g2) {
    g2_ = g2;
    // Most points of a study are far from the liver: a box around the lobes,
    // widened by the largest displacement, spares them the deformation.
    double margin = 2;
    for (const Wave& w : g2.liverDeformation) margin += std::abs(w.amplitude);
    for (const Wave& w : g2.surfaceNodularity) margin += std::abs(w.amplitude);
    liverLo_ = {1e9, 1e9, 1e9};
    liverHi_ = {-1e9, -1e9, -1e9};
    std::vector<const Blob*> lobes{&rightLobe_, &leftLobe_, &caudate_};
    if (g2.riedelLobe) lobes.push_back(&g2_->riedel);
    for (const Blob* b : lobes)
        for (int c = 0; c < 3; ++c) {
            const double e = b->maxExtent() * 1.05 + margin;
            liverLo_[c] = std::min(liverLo_[c], b->centre[c] - e);
            liverHi_[c] = std::max(liverHi_[c], b->centre[c] + e);
        }
}

void Anatomy::scaleOrgans(double rightLobe, double leftLobe, double caudate, double spleen) {
    // Scaled about each lobe's medial edge so the lobes stay joined.
    rightLobe_.centre[0] += rightLobe_.semi[0] * (1 - rightLobe);
    for (auto& v : rightLobe_.semi) v *= rightLobe;
    leftLobe_.centre[0] -= leftLobe_.semi[0] * (1 - leftLobe);
    for (auto& v : leftLobe_.semi) v *= leftLobe;
    for (auto& v : caudate_.semi) v *= caudate;
    for (auto& v : spleen_.semi) v *= spleen;
    spleen_.centre[0] += spleen_.semi[0] * (spleen - 1) * 0.5;
}

void Anatomy::setBody(double halfWidth, double halfDepth, double fatMm) {
    bodyA_ = halfWidth;
    bodyB_ = halfDepth;
    fatMm_ = fatMm;
}

Lesion* Anatomy::addLesion2(Rng& rng, LesionKind kind, double diameterMm, double lobulation, int satellites) {
    const double zLo = liverZMin(), zHi = liverZMax();
    for (int attempt = 0; attempt < 400; ++attempt) {
        if (attempt > 0 && attempt % 40 == 0) diameterMm = std::max(3.0, diameterMm * 0.85);
        const double r = diameterMm / 2;
        const Vec3 c{rng.uniform(-150 * s_, 80 * s_), rng.uniform(-100 * s_, 75 * s_), rng.uniform(zLo - 20, zHi)};
        const Vec3 semi{r * rng.uniform(0.8, 1.2), r * rng.uniform(0.8, 1.2), r * rng.uniform(0.75, 1.25)};
        Blob shape = makeBlob(rng, c, semi, lobulation, true);
        std::vector<Blob> sats;
        for (int k = 0; k < satellites; ++k) {
            const Vec3 sc = c + (r * rng.uniform(0.6, 0.95)) * randomUnit(rng);
            const double sr = r * rng.uniform(0.5, 0.8);
            sats.push_back(makeBlob(rng, sc, {sr, sr * rng.uniform(0.8, 1.2), sr * rng.uniform(0.8, 1.2)}, lobulation, true));
        }
        // The centre and six points at half the radius inside the liver: a
        // lesion may reach the capsule and bulge it, or abut a vessel.
        bool ok = inLiverShape(c);
        for (int a = 0; a < 3 && ok; ++a)
            for (int sgn = -1; sgn <= 1 && ok; sgn += 2) {
                Vec3 q = c;
                q[a] += sgn * 0.5 * semi[a];
                ok = inLiverShape(q);
            }
        for (const Blob& b : sats) ok = ok && inLiverShape(b.centre);
        const double extent = shape.maxExtent() * (satellites ? 1.9 : 1.0);
        for (const auto& o : lesions_) {
            const double oExtent = o.shape.maxExtent() * (o.satellites.empty() ? 1.0 : 1.9);
            if (ok && norm(o.shape.centre - c) < oExtent + extent + 1) ok = false;
        }
        if (!ok) continue;
        Lesion l;
        l.shape = shape;
        l.kind = kind;
        l.satellites = std::move(sats);
        lesions_.push_back(l);
        return &lesions_.back();
    }
    return nullptr;
}

double Anatomy::liverTexture(const Vec3& p) const {
    double v = 0;
    for (const Wave& w : g2_->texture) v += w.amplitude * std::cos(dot(w.k, p) + w.phase);
    if (g2_->septaHu != 0) {
        double n = 0;
        for (const Wave& w : g2_->nodules) n += std::cos(dot(w.k, p) + w.phase);
        // Where the sum of three waves crosses zero lies a connected network:
        // fibrous septa around regenerative nodules.
        v -= g2_->septaHu * std::exp(-n * n / 0.06);
    }
    return v;
}

float Anatomy::lesionHu(const Lesion& l, double r, const Vec3& p) const {
    const double depthMm = (1 - r) * std::min({l.shape.semi[0], l.shape.semi[1], l.shape.semi[2]});
    double hu = l.coreHu;
    switch (l.kind) {
        case LesionKind::RingEnhancing:
            if (depthMm < l.rimMm) hu = l.rimHu;
            break;
        case LesionKind::Metastasis:
            hu = l.coreHu + 8 * r * r;  // less necrotic towards the edge
            if (l.hasRim && depthMm < l.rimMm) hu = l.rimHu;
            break;
        case LesionKind::Enhancing:
            if (l.hasRim && depthMm < l.rimMm) hu = l.rimHu;  // capsule
            break;
        case LesionKind::Cyst: break;
    }
    if (l.textureHu > 0) {
        double t = 0;
        for (const Wave& w : g2_->texture) t += std::cos(1.7 * dot(w.k, p) + w.phase);
        hu += l.textureHu * t / std::sqrt(0.5 * double(std::max<std::size_t>(1, g2_->texture.size())));
    }
    if (l.edgeMm > 0 && depthMm < l.edgeMm) {
        const double u = depthMm / l.edgeMm;
        const double w = u * u * (3 - 2 * u);
        const double liver = t_.liver + liverTexture(p);
        hu = liver + (hu - liver) * w;
    }
    return float(hu);
}

float Anatomy::outsideBody(const Vec3& p) const {
    const Generation2Anatomy& g = *g2_;
    if (g.armsDown) {
        const double cx = bodyA_ + g.armGapMm + g.armHalfWidth;
        const double dx = std::abs(p[0]) - cx, dy = p[1];
        const double ra = std::sqrt((dx / g.armHalfWidth) * (dx / g.armHalfWidth) + (dy / g.armHalfDepth) * (dy / g.armHalfDepth));
        if (ra < 1) {
            const double bone = std::hypot(dx, dy);
            if (bone < 11) return bone > 8 ? 700.f : 250.f;  // humerus cortex, marrow
            return ra > 0.82 ? float(t_.fat) : float(t_.muscle);
        }
    }
    if (g.table) {
        const double top = bodyB_ + g.tableGapMm;
        const double y = p[1] - top;
        if (y >= 0 && y < g.tableThicknessMm && std::abs(p[0]) < 230) {
            if (y < 2.5 || y > g.tableThicknessMm - 2.5) return 280.f;  // carbon-fibre skins
            return -900.f;                                              // foam core
        }
    }
    return -1000.f;
}

}  // namespace lsms::phantom
