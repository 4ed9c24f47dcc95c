#include "lsms/ui/view3d.h"

#include "lsms/ui/shortcut_binding.h"
#include "lsms/ui/slice_renderer.h"
#include "lsms/mesh/slabbed_surface.h"
#include "lsms/mesh/surface_builder.h"

#include <QElapsedTimer>
#include <utility>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkImageActor.h>
#include <vtkImageData.h>
#include <vtkImageMapper3D.h>
#include <vtkMatrix4x4.h>
#include <vtkPointData.h>
#include <vtkPolyDataMapper.h>
#include <vtkPropPicker.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkUnsignedCharArray.h>
#include <vtkWindowToImageFilter.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <vector>

namespace lsms::ui {

struct View3D::Vtk {
    vtkSmartPointer<vtkRenderWindow> window = vtkSmartPointer<vtkRenderWindow>::New();
    vtkSmartPointer<vtkRenderer> renderer = vtkSmartPointer<vtkRenderer>::New();
    std::vector<std::pair<std::uint16_t, vtkSmartPointer<vtkActor>>> surfaces;  // by label
    std::map<std::uint16_t, mesh::SlabbedSurface> slabbed;  // each surface's slabs, by label
    vtkSmartPointer<vtkImageActor> planes[3];
    vtkSmartPointer<vtkActor> liver;  // the study's liver context, translucent
};

namespace {

vtkSmartPointer<vtkActor> surfaceActor(const Study& study, vtkPolyData* surface) {
    auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
    mapper->SetInputData(surface);
    mapper->ScalarVisibilityOff();
    auto actor = vtkSmartPointer<vtkActor>::New();
    actor->SetMapper(mapper);
    actor->SetUserMatrix(mesh::gridToWorld(study.ct().geometry));
    return actor;
}

}  // namespace

View3D::View3D(Study* study, QWidget* parent) : QWidget(parent), vtk_(std::make_unique<Vtk>()), study_(study) {
    setMinimumSize(160, 160);
    setFocusPolicy(Qt::StrongFocus);
    vtk_->window->SetOffScreenRendering(1);
    vtk_->window->AddRenderer(vtk_->renderer);
    vtk_->renderer->SetBackground(0.08, 0.08, 0.1);
    vtk_->renderer->SetBackground2(0.25, 0.25, 0.3);
    vtk_->renderer->GradientBackgroundOn();
    for (auto& p : vtk_->planes) {
        p = vtkSmartPointer<vtkImageActor>::New();
        p->SetOpacity(0.9);
        vtk_->renderer->AddActor(p);
    }
    connect(study_, &Study::liverChanged, this, [this] {
        const bool had = vtk_->liver != nullptr;
        rebuildLiver();
        // The liver arrives seconds after the series: frame it unless the
        // reader has already turned the view.
        if (!had && vtk_->liver && !cameraMoved_) resetCamera();
        else renderNow();
    });
    connect(study_, &Study::volumeChanged, this, [this] {
        cameraMoved_ = false;
        surfacesSerial_ = study_->labelsChangeSerial();
        rebuildSurfaces();
        rebuildPlanes();
        resetCamera();
    });
    // A change emits segmentsChanged, then labelsChanged if voxels moved (a
    // dab of a stroke only labelsChanged): each change's surfaces are rebuilt
    // once, only for the segments it touched, added or removed.
    auto changed = [this] {
        const bool fresh = surfacesSerial_ != study_->labelsChangeSerial();
        surfacesSerial_ = study_->labelsChangeSerial();
        // A commit's change covers every dab of its stroke.
        strokeTouched_.clear();
        strokeSlices_ = {0, 0};
        updateSurfaces(fresh ? study_->labelsLastChanged() : std::vector<std::uint16_t>{}, study_->slicesLastChanged());
    };
    // A surface rebuild and a 3D render per dab cost more than the mouse
    // moves allow on a 512² study: a held stroke's dabs are gathered and
    // drawn every strokeTimer_ interval, and in full when the stroke ends.
    strokeTimer_ = new QTimer(this);
    strokeTimer_->setSingleShot(true);
    strokeTimer_->setInterval(250);
    connect(strokeTimer_, &QTimer::timeout, this, &View3D::followStroke);
    connect(study_, &Study::labelsChanged, this, [this, changed] {
        if (study_->stroking()) {
            surfacesSerial_ = study_->labelsChangeSerial();
            for (std::uint16_t label : study_->labelsLastChanged())
                if (std::find(strokeTouched_.begin(), strokeTouched_.end(), label) == strokeTouched_.end())
                    strokeTouched_.push_back(label);
            const auto edited = study_->slicesLastChanged();
            if (edited[0] < edited[1])
                strokeSlices_ = strokeSlices_[0] < strokeSlices_[1]
                                    ? std::array<std::size_t, 2>{std::min(strokeSlices_[0], edited[0]), std::max(strokeSlices_[1], edited[1])}
                                    : edited;
            if (!strokeTimer_->isActive()) strokeTimer_->start();
            return;
        }
        changed();
        renderNow();
    });
    connect(study_, &Study::segmentsChanged, this, [this, changed] {
        changed();
        applyStyles();
        renderNow();
    });
    connect(study_, &Study::overlayChanged, this, [this] {
        applyStyles();
        renderNow();
    });
    connect(study_, &Study::activeSegmentChanged, this, [this] {
        if (study_->activeLabel()) centreOn(study_->activeLabel());
    });
    connect(study_, &Study::cursorChanged, this, [this] {
        rebuildPlanes();
        renderNow();
    });
}

View3D::~View3D() = default;

void View3D::rebuildSurfaces() {
    for (auto& [label, a] : vtk_->surfaces) vtk_->renderer->RemoveActor(a);
    vtk_->surfaces.clear();
    if (!study_->hasVolume()) return;
    QElapsedTimer t;
    t.start();
    vtk_->slabbed.clear();
    for (const auto& seg : study_->segments()) {
        mesh::SlabbedSurface& surface = vtk_->slabbed[seg.label];
        surface.update(study_->labels(), seg.label);
        auto actor = surfaceActor(*study_, surface.surface());
        ++surfacesBuilt_;
        vtk_->renderer->AddActor(actor);
        vtk_->surfaces.emplace_back(seg.label, actor);
    }
    applyStyles();
    lastSurfaceMs_ = double(t.nsecsElapsed()) / 1e6;
}

std::size_t View3D::surfacesShown() const { return vtk_->surfaces.size(); }

std::pair<std::size_t, std::size_t> View3D::surfaceSlices(std::uint16_t label) const {
    const auto it = vtk_->slabbed.find(label);
    if (it == vtk_->slabbed.end()) return {0, 0};
    const auto found = it->second.slices();
    return {found.first, found.end};
}

void View3D::followStroke() {
    if (!study_->stroking() || strokeTouched_.empty()) return;
    const auto touched = std::exchange(strokeTouched_, {});
    updateSurfaces(touched, std::exchange(strokeSlices_, {0, 0}));
    renderNow();
}

void View3D::updateSurfaces(const std::vector<std::uint16_t>& touched, std::array<std::size_t, 2> edited) {
    if (!study_->hasVolume()) return;
    QElapsedTimer t;
    t.start();
    bool changed = false;
    // Surfaces of segments that are gone.
    std::erase_if(vtk_->surfaces, [&](const auto& s) {
        if (study_->segment(s.first)) return false;
        vtk_->renderer->RemoveActor(s.second);
        vtk_->slabbed.erase(s.first);
        changed = true;
        return true;
    });
    // In the segments' order, so styles and picking see them as rebuildSurfaces leaves them.
    decltype(vtk_->surfaces) next;
    for (const auto& seg : study_->segments()) {
        auto at = std::find_if(vtk_->surfaces.begin(), vtk_->surfaces.end(), [&](const auto& s) { return s.first == seg.label; });
        const bool stale = at == vtk_->surfaces.end() || std::find(touched.begin(), touched.end(), seg.label) != touched.end();
        if (!stale) {
            next.push_back(*at);
            continue;
        }
        // A surface already built is rebuilt only in the slabs the change
        // reached (a 2,000-slice study is not scanned, nor a segment over
        // hundreds of slices smoothed again, per stroke).
        const bool known = at != vtk_->surfaces.end() && vtk_->slabbed.count(seg.label) && edited[0] < edited[1];
        mesh::SlabbedSurface& surface = vtk_->slabbed[seg.label];
        surface.update(study_->labels(), seg.label, known ? mesh::SliceSpan{edited[0], edited[1]} : mesh::SliceSpan{});
        ++surfacesBuilt_;
        if (at != vtk_->surfaces.end()) {
            vtkPolyDataMapper::SafeDownCast(at->second->GetMapper())->SetInputData(surface.surface());
            next.push_back(*at);
        } else {
            auto actor = surfaceActor(*study_, surface.surface());
            vtk_->renderer->AddActor(actor);
            next.emplace_back(seg.label, actor);
        }
        changed = true;
    }
    vtk_->surfaces = std::move(next);
    if (!changed) return;
    applyStyles();
    lastSurfaceMs_ = double(t.nsecsElapsed()) / 1e6;
}

// The liver drawn faint behind the lesions, so they read as lying in it.
void View3D::rebuildLiver() {
    if (vtk_->liver) vtk_->renderer->RemoveActor(vtk_->liver);
    vtk_->liver = nullptr;
    const workflow::LiverContext* liver = study_->liver();
    if (!liver || !liver->found()) return;
    auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
    mapper->SetInputData(mesh::buildSurface(liver->mask, std::uint8_t(1)));
    mapper->ScalarVisibilityOff();
    vtk_->liver = vtkSmartPointer<vtkActor>::New();
    vtk_->liver->SetMapper(mapper);
    vtk_->liver->SetUserMatrix(mesh::gridToWorld(liver->mask.geometry));
    vtk_->renderer->AddActor(vtk_->liver);
    applyStyles();
}

void View3D::applyStyles() {
    if (vtk_->liver) {
        auto* prop = vtk_->liver->GetProperty();
        prop->SetColor(0.78, 0.52, 0.42);
        prop->SetOpacity(0.25);
        prop->SetSpecular(0.0);
        // Translucent surfaces are drawn after opaque ones; without depth
        // writes the liver never hides a lesion inside it.
        prop->SetBackfaceCulling(true);
        vtk_->liver->SetVisibility(liverVisible_ && study_->overlaysVisible());
    }
    for (auto& [label, actor] : vtk_->surfaces) {
        const edit::Segment* seg = study_->segment(label);
        if (!seg) {
            actor->SetVisibility(false);
            continue;
        }
        auto* prop = actor->GetProperty();
        prop->SetColor(seg->colour.r / 255.0, seg->colour.g / 255.0, seg->colour.b / 255.0);
        // Surfaces read better more opaque than 2D fills.
        prop->SetOpacity(study_->outlineMode() ? 0.5 : std::clamp(seg->opacity * 1.6, 0.3, 1.0));
        prop->SetSpecular(0.3);
        actor->SetVisibility(seg->visible && study_->overlaysVisible());
    }
}

// The three planes through the crosshair, drawn from the same images as the
// 2D views (liver window, overlays included) so both agree.
void View3D::rebuildPlanes() {
    if (!study_->hasVolume()) return;
    const Geometry& g = study_->ct().geometry;
    const Vec3 c = study_->cursor();
    const Axis axes[3] = {Axis::Axial, Axis::Coronal, Axis::Sagittal};
    for (int a = 0; a < 3; ++a) {
        const SlicePlane plane(g, axes[a]);
        const int slice = plane.sliceOf(c);
        const QImage img = renderSlice(*study_, axes[a], slice, WindowLevel{60, 400});
        // Image pixel (u, v) -> voxel ijk; build a 2D vtkImageData in grid mm
        // whose axes are the slice's index axes.
        const int w = img.width(), h = img.height();
        auto data = vtkSmartPointer<vtkImageData>::New();
        auto rgb = vtkSmartPointer<vtkUnsignedCharArray>::New();
        rgb->SetNumberOfComponents(3);
        rgb->SetNumberOfTuples(vtkIdType(w) * h);
        int dims[3] = {1, 1, 1};
        const int nAxis = axes[a] == Axis::Axial ? 2 : axes[a] == Axis::Coronal ? 1 : 0;
        const int uAxis = axes[a] == Axis::Sagittal ? 1 : 0;
        const int vAxis = axes[a] == Axis::Axial ? 1 : 2;
        dims[uAxis] = w;
        dims[vAxis] = h;
        data->SetDimensions(dims);
        double origin[3] = {0, 0, 0};
        origin[nAxis] = slice * g.spacing[std::size_t(nAxis)];
        data->SetOrigin(origin);
        data->SetSpacing(g.spacing[0], g.spacing[1], g.spacing[2]);
        for (int v = 0; v < h; ++v) {
            const auto* line = reinterpret_cast<const QRgb*>(img.constScanLine(v));
            for (int u = 0; u < w; ++u) {
                Vec3 ijk = plane.voxel(slice, u, v);
                ijk[std::size_t(nAxis)] = 0;  // the image is one voxel thick along the slice axis
                const vtkIdType id = vtkIdType(ijk[0]) + vtkIdType(dims[0]) * (vtkIdType(ijk[1]) + vtkIdType(dims[1]) * vtkIdType(ijk[2]));
                rgb->SetTuple3(id, qRed(line[u]), qGreen(line[u]), qBlue(line[u]));
            }
        }
        data->GetPointData()->SetScalars(rgb);
        vtk_->planes[a]->GetMapper()->SetInputData(data);
        // Without an explicit extent an image actor shows only the first z
        // slice, which is all of an axial plane but one row of the others.
        vtk_->planes[a]->SetDisplayExtent(0, dims[0] - 1, 0, dims[1] - 1, 0, dims[2] - 1);
        vtk_->planes[a]->SetUserMatrix(mesh::gridToWorld(g));
        vtk_->planes[a]->SetVisibility(planesVisible_);
    }
}

void View3D::setLiverVisible(bool on) {
    liverVisible_ = on;
    applyStyles();
    renderNow();
}

bool View3D::liverShown() const { return vtk_->liver && vtk_->liver->GetVisibility(); }

void View3D::setPlanesVisible(bool on) {
    planesVisible_ = on;
    for (auto& p : vtk_->planes) p->SetVisibility(on);
    renderNow();
}

void View3D::resetCamera() {
    auto* cam = vtk_->renderer->GetActiveCamera();
    // Anterior view, head up: patient's right on the screen's left.
    cam->SetPosition(0, -1, 0);
    cam->SetFocalPoint(0, 0, 0);
    cam->SetViewUp(0, 0, 1);
    // Framed on the liver when there is one, else on the CT's planes, shown
    // or not, so the lesions sit where they lie rather than filling the view.
    double bounds[6] = {0, 0, 0, 0, 0, 0};
    bool any = false;
    if (vtk_->liver && vtk_->liver->GetVisibility()) {
        const double* b = vtk_->liver->GetBounds();
        std::copy(b, b + 6, bounds);
        any = true;
    }
    if (!any)
        for (auto& p : vtk_->planes) {
            if (!p->GetInput()) continue;
            const double* b = p->GetBounds();
            for (int a = 0; a < 3; ++a) {
                bounds[2 * a] = any ? std::min(bounds[2 * a], b[2 * a]) : b[2 * a];
                bounds[2 * a + 1] = any ? std::max(bounds[2 * a + 1], b[2 * a + 1]) : b[2 * a + 1];
            }
            any = true;
        }
    if (any)
        vtk_->renderer->ResetCamera(bounds);
    else
        vtk_->renderer->ResetCamera();
    cam->Elevation(15);
    cam->OrthogonalizeViewUp();
    renderNow();
}

void View3D::renderNow() {
    // Without a volume the planes have no image: VTK would only complain.
    if (!study_->hasVolume()) return;
    const int w = std::max(64, width()), h = std::max(64, height());
    vtk_->window->SetSize(w, h);
    vtk_->renderer->ResetCameraClippingRange();
    vtk_->window->Render();
    auto grab = vtkSmartPointer<vtkWindowToImageFilter>::New();
    grab->SetInput(vtk_->window);
    grab->SetInputBufferTypeToRGB();
    grab->ReadFrontBufferOff();
    grab->Update();
    vtkImageData* out = grab->GetOutput();
    int dims[3];
    out->GetDimensions(dims);
    QImage img(dims[0], dims[1], QImage::Format_RGB888);
    const auto* src = static_cast<const unsigned char*>(out->GetScalarPointer());
    for (int y = 0; y < dims[1]; ++y)  // VTK's rows run bottom-up
        std::memcpy(img.scanLine(dims[1] - 1 - y), src + std::size_t(y) * dims[0] * 3, std::size_t(dims[0]) * 3);
    image_ = img;
    update();
}

void View3D::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), Qt::black);
    if (!image_.isNull()) p.drawImage(rect(), image_);
    p.setPen(Qt::white);
    p.drawText(rect().adjusted(6, 4, -6, -4), Qt::AlignTop | Qt::AlignLeft, tr("3D"));
}

void View3D::resizeEvent(QResizeEvent*) {
    if (study_->hasVolume()) renderNow();
}

void View3D::mousePressEvent(QMouseEvent* e) {
    last_ = pressed_ = e->position().toPoint();
    dragged_ = false;
}

// A click that did not turn the view picks the lesion under it.
void View3D::mouseReleaseEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton || dragged_) return;
    if (const std::uint16_t label = labelAt(e->position().toPoint())) {
        study_->setActiveLabel(label);
        study_->focusOn(label);
    }
}

std::uint16_t View3D::labelAt(const QPoint& p) {
    if (vtk_->surfaces.empty()) return 0;
    renderNow();  // the picker reads the last render at the widget's size
    auto picker = vtkSmartPointer<vtkPropPicker>::New();
    picker->PickFromListOn();
    for (auto& [label, actor] : vtk_->surfaces)
        if (actor->GetVisibility()) picker->AddPickList(actor);
    const int h = std::max(64, height());
    if (!picker->Pick(p.x(), h - 1 - p.y(), 0, vtk_->renderer)) return 0;
    for (auto& [label, actor] : vtk_->surfaces)
        if (actor.GetPointer() == picker->GetActor()) return label;
    return 0;
}

QPoint View3D::screenPointOf(const Vec3& lps) {
    renderNow();
    vtk_->renderer->SetWorldPoint(lps[0], lps[1], lps[2], 1.0);
    vtk_->renderer->WorldToDisplay();
    const double* d = vtk_->renderer->GetDisplayPoint();
    return QPoint(int(std::lround(d[0])), std::max(64, height()) - 1 - int(std::lround(d[1])));
}

Vec3 View3D::focalPoint() const {
    double fp[3];
    vtk_->renderer->GetActiveCamera()->GetFocalPoint(fp);
    return {fp[0], fp[1], fp[2]};
}

// The camera turns about the active lesion: its focal point moves to the
// lesion's centre, direction and distance kept.
void View3D::centreOn(std::uint16_t label) {
    for (auto& [l, actor] : vtk_->surfaces) {
        if (l != label || !actor->GetVisibility()) continue;
        const double* b = actor->GetBounds();
        if (!(b[0] <= b[1])) return;  // an empty surface
        auto* cam = vtk_->renderer->GetActiveCamera();
        double fp[3], pos[3];
        cam->GetFocalPoint(fp);
        cam->GetPosition(pos);
        for (int a = 0; a < 3; ++a) {
            const double c = 0.5 * (b[2 * a] + b[2 * a + 1]);
            pos[a] += c - fp[a];
            fp[a] = c;
        }
        cam->SetFocalPoint(fp);
        cam->SetPosition(pos);
        cameraMoved_ = true;  // a liver arriving later keeps this view
        renderNow();
        return;
    }
}

void View3D::mouseMoveEvent(QMouseEvent* e) {
    const QPoint d = e->position().toPoint() - last_;
    last_ = e->position().toPoint();
    if (e->buttons() != Qt::NoButton && (e->position().toPoint() - pressed_).manhattanLength() > 3) {
        dragged_ = true;
        cameraMoved_ = true;
    }
    auto* cam = vtk_->renderer->GetActiveCamera();
    if (e->buttons() & Qt::LeftButton) {
        cam->Azimuth(-d.x() * 0.5);
        cam->Elevation(d.y() * 0.5);
        cam->OrthogonalizeViewUp();
    } else if (e->buttons() & Qt::RightButton) {
        cam->Dolly(std::pow(1.01, -d.y()));
    } else if (e->buttons() & Qt::MiddleButton) {
        double fp[3], pos[3];
        cam->GetFocalPoint(fp);
        cam->GetPosition(pos);
        const double scale = cam->GetDistance() / std::max(1, height());
        double right[3], up[3];
        cam->GetViewUp(up);
        const double* dir = cam->GetDirectionOfProjection();
        right[0] = dir[1] * up[2] - dir[2] * up[1];
        right[1] = dir[2] * up[0] - dir[0] * up[2];
        right[2] = dir[0] * up[1] - dir[1] * up[0];
        for (int a = 0; a < 3; ++a) {
            const double shift = (-d.x() * right[a] + d.y() * up[a]) * scale;
            fp[a] += shift;
            pos[a] += shift;
        }
        cam->SetFocalPoint(fp);
        cam->SetPosition(pos);
    } else {
        return;
    }
    renderNow();
}

void View3D::wheelEvent(QWheelEvent* e) {
    cameraMoved_ = true;
    vtk_->renderer->GetActiveCamera()->Dolly(std::pow(1.1, e->angleDelta().y() / 120.0));
    renderNow();
}

void View3D::mouseDoubleClickEvent(QMouseEvent*) { Q_EMIT maximiseRequested(); }

void View3D::keyPressEvent(QKeyEvent* e) {
    if (commandForKey(e, {Command::ResetView}) == Command::ResetView)
        resetCamera();
    else
        QWidget::keyPressEvent(e);
}

}  // namespace lsms::ui
