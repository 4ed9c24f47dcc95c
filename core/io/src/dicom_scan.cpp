#include "lsms/io/dicom_series.h"

#include "dcmtk_init.h"
#include "lsms/core/error.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace lsms {

namespace {

struct FileHeader {
    fs::path path;
    bool isDicom = false;
    bool isImage = false;
    std::string whyNotImage;
    SeriesMetadata meta;
    std::string sopClassUid, sopInstanceUid, transferSyntaxUid;
    int rows = 0, cols = 0, frames = 1, instance = 0;
    bool hasPosition = false, hasOrientation = false;
    Vec3 position{};
    std::array<double, 6> orientation{1, 0, 0, 0, 1, 0};
    double rowSpacing = 1, colSpacing = 1, thickness = 0;
    double windowCentre = 0, windowWidth = 0;
    bool hasPixelSpacing = false;
    // Set when a geometry attribute is present but unusable (NaN, infinite,
    // unparseable, degenerate): the slice cannot be placed in space.
    std::string badGeometry;
    std::string badPixels;  // native pixel data shorter than the image it claims
};

std::string str(DcmItem& ds, const DcmTagKey& tag) {
    OFString v;
    if (ds.findAndGetOFStringArray(tag, v).good()) return std::string(v.c_str());
    return {};
}

bool numbers(DcmItem& ds, const DcmTagKey& tag, double* out, int n) {
    for (int i = 0; i < n; ++i) {
        Float64 v;
        if (ds.findAndGetFloat64(tag, v, unsigned(i)).bad()) return false;
        out[i] = v;
    }
    return true;
}

// A geometry attribute that is present must be finite numbers: NaN would
// pass every tolerance comparison and sort anywhere.
bool finiteNumbers(DcmItem& ds, const DcmTagKey& tag, double* out, int n, const char* name, std::string& bad) {
    if (!ds.tagExists(tag)) return false;
    const bool parsed = numbers(ds, tag, out, n);
    if (parsed && std::all_of(out, out + n, [](double v) { return std::isfinite(v); })) return true;
    if (bad.empty()) bad = std::string(name) + " is \"" + str(ds, tag) + "\", not " + std::to_string(n) + " finite numbers";
    return false;
}

bool isNonVolumeClass(const std::string& sopClass) {
    static const char* classes[] = {UID_SegmentationStorage, UID_RTStructureSetStorage, UID_KeyObjectSelectionDocumentStorage,
                                    UID_GrayscaleSoftcopyPresentationStateStorage, UID_BasicTextSRStorage,
                                    UID_EnhancedSRStorage, UID_ComprehensiveSRStorage, UID_RTPlanStorage,
                                    UID_RTDoseStorage, UID_MediaStorageDirectoryStorage};
    for (const char* c : classes)
        if (sopClass == c) return true;
    return false;
}

FileHeader readHeader(const fs::path& path) {
    FileHeader h;
    h.path = path;
    DcmFileFormat ff;
    // Long values (pixel data) stay on disk: only the header is parsed.
    if (ff.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, 4096).bad()) return h;
    DcmDataset& ds = *ff.getDataset();
    DcmMetaInfo& mi = *ff.getMetaInfo();
    h.transferSyntaxUid = str(mi, DCM_TransferSyntaxUID);
    h.sopClassUid = str(ds, DCM_SOPClassUID);
    if (h.sopClassUid.empty()) h.sopClassUid = str(mi, DCM_MediaStorageSOPClassUID);
    h.sopInstanceUid = str(ds, DCM_SOPInstanceUID);
    // A file without SOP identity or study/series is not a usable DICOM object.
    h.isDicom = !h.sopClassUid.empty() || ds.tagExists(DCM_PixelData);
    if (!h.isDicom) return h;
    auto& m = h.meta;
    m.patientName = str(ds, DCM_PatientName);
    m.patientId = str(ds, DCM_PatientID);
    m.patientBirthDate = str(ds, DCM_PatientBirthDate);
    m.patientSex = str(ds, DCM_PatientSex);
    m.studyInstanceUid = str(ds, DCM_StudyInstanceUID);
    m.studyDate = str(ds, DCM_StudyDate);
    m.studyTime = str(ds, DCM_StudyTime);
    m.studyDescription = str(ds, DCM_StudyDescription);
    m.accessionNumber = str(ds, DCM_AccessionNumber);
    m.seriesInstanceUid = str(ds, DCM_SeriesInstanceUID);
    m.seriesDescription = str(ds, DCM_SeriesDescription);
    m.modality = str(ds, DCM_Modality);
    m.frameOfReferenceUid = str(ds, DCM_FrameOfReferenceUID);
    m.manufacturer = str(ds, DCM_Manufacturer);
    Sint32 sn = 0;
    m.seriesNumber = ds.findAndGetSint32(DCM_SeriesNumber, sn).good() ? int(sn) : 0;
    Sint32 in = 0;
    h.instance = ds.findAndGetSint32(DCM_InstanceNumber, in).good() ? int(in) : 0;
    Uint16 r = 0, c = 0;
    ds.findAndGetUint16(DCM_Rows, r);
    ds.findAndGetUint16(DCM_Columns, c);
    h.rows = r;
    h.cols = c;
    Sint32 nf = 1;
    if (ds.findAndGetSint32(DCM_NumberOfFrames, nf).good()) h.frames = int(nf);

    if (isNonVolumeClass(h.sopClassUid)) {
        h.whyNotImage = dcmFindNameOfUID(h.sopClassUid.c_str(), "non-image object");
        return h;
    }
    if (!ds.tagExists(DCM_PixelData) || r == 0 || c == 0) {
        h.whyNotImage = "no pixel data";
        return h;
    }
    h.isImage = true;
    // The header's image size is what the volume is allocated from: a file
    // whose (native) pixel data cannot hold it is refused here, before a load
    // allocates gigabytes for a header that lies.
    if (!DcmXfer(ds.getOriginalXfer()).isEncapsulated()) {
        DcmElement* px = nullptr;
        Uint16 bitsAllocated = 16, samples = 1;
        ds.findAndGetUint16(DCM_BitsAllocated, bitsAllocated);
        ds.findAndGetUint16(DCM_SamplesPerPixel, samples);
        const std::uint64_t need = std::uint64_t(r) * c * std::uint64_t(std::max(h.frames, 1)) * std::max<Uint16>(samples, 1) *
                                   ((std::max<Uint16>(bitsAllocated, 1) + 7) / 8);
        if (ds.findAndGetElement(DCM_PixelData, px).good() && px && px->getLength() != DCM_UndefinedLength &&
            px->getLength() < need)
            h.badPixels = "its pixel data holds " + std::to_string(px->getLength()) + " bytes, but a " + std::to_string(c) + "×" +
                          std::to_string(r) + " image" + (h.frames > 1 ? " of " + std::to_string(h.frames) + " frames" : "") +
                          " of " + std::to_string(bitsAllocated) + "-bit samples needs " + std::to_string(need);
    }
    double v[6];
    if (finiteNumbers(ds, DCM_ImagePositionPatient, v, 3, "ImagePositionPatient", h.badGeometry)) {
        h.position = {v[0], v[1], v[2]};
        h.hasPosition = true;
    }
    if (finiteNumbers(ds, DCM_ImageOrientationPatient, v, 6, "ImageOrientationPatient", h.badGeometry)) {
        std::copy(v, v + 6, h.orientation.begin());
        h.hasOrientation = true;
        const Vec3 row{v[0], v[1], v[2]}, col{v[3], v[4], v[5]};
        if ((std::abs(norm(row) - 1) > 0.01 || std::abs(norm(col) - 1) > 0.01 || std::abs(dot(row, col)) > 0.01) &&
            h.badGeometry.empty())
            h.badGeometry = "ImageOrientationPatient \"" + str(ds, DCM_ImageOrientationPatient) +
                            "\" is not two perpendicular unit vectors";
    }
    if (finiteNumbers(ds, DCM_PixelSpacing, v, 2, "PixelSpacing", h.badGeometry)) {
        h.rowSpacing = v[0];
        h.colSpacing = v[1];
        h.hasPixelSpacing = true;
        if ((v[0] <= 0 || v[1] <= 0) && h.badGeometry.empty())
            h.badGeometry = "PixelSpacing \"" + str(ds, DCM_PixelSpacing) + "\" is not positive";
    }
    Float64 th = 0;
    if (ds.findAndGetFloat64(DCM_SliceThickness, th).good()) h.thickness = th;
    Float64 wc = 0, ww = 0;
    if (ds.findAndGetFloat64(DCM_WindowCenter, wc).good() && ds.findAndGetFloat64(DCM_WindowWidth, ww).good() && ww > 0) {
        h.windowCentre = wc;
        h.windowWidth = ww;
    }
    return h;
}

// Files referenced by a DICOMDIR, relative to the folder holding it.
std::vector<fs::path> dicomdirFiles(const fs::path& dicomdir) {
    DcmFileFormat ff;
    if (ff.loadFile(dicomdir.c_str()).bad()) throw InputError("cannot read DICOMDIR " + dicomdir.string());
    DcmSequenceOfItems* seq = nullptr;
    if (ff.getDataset()->findAndGetSequence(DCM_DirectoryRecordSequence, seq).bad() || !seq)
        throw InputError(dicomdir.string() + " is not a DICOMDIR (no directory records)");
    std::vector<fs::path> files;
    for (unsigned long i = 0; i < seq->card(); ++i) {
        OFString id;
        if (seq->getItem(i)->findAndGetOFStringArray(DCM_ReferencedFileID, id).bad() || id.empty()) continue;
        fs::path p = dicomdir.parent_path();
        std::stringstream ss(id.c_str());
        for (std::string part; std::getline(ss, part, '\\');) p /= part;
        files.push_back(p);
    }
    return files;
}

bool looksLikeDicomdir(const fs::path& p) {
    std::string name = p.filename().string();
    std::transform(name.begin(), name.end(), name.begin(), ::toupper);
    return name == "DICOMDIR";
}

std::string fmt(double v, int prec = 2) {
    std::ostringstream os;
    os.setf(std::ios::fixed);
    os.precision(prec);
    os << v;
    return os.str();
}

constexpr double kPi = 3.14159265358979;

// Orders, checks and describes the files of one series.
SeriesInfo analyse(std::vector<const FileHeader*> files) {
    SeriesInfo s;
    const FileHeader& first = *files.front();
    s.metadata = first.meta;
    s.sliceThicknessMm = first.thickness;
    s.windowCentre = first.windowCentre;
    s.windowWidth = first.windowWidth;
    // A slice that cannot be placed would put every voxel of the volume in
    // doubt: refuse the series and name the file.
    const auto badSlice = std::find_if(files.begin(), files.end(), [](auto* f) { return !f->badGeometry.empty(); });
    if (badSlice != files.end()) {
        const auto count = std::count_if(files.begin(), files.end(), [](auto* f) { return !f->badGeometry.empty(); });
        s.problem = "slice " + (*badSlice)->path.filename().string() + ": " + (*badSlice)->badGeometry +
                    (count > 1 ? " (and " + std::to_string(count - 1) + " more slice(s) like it)" : std::string()) +
                    "; the series cannot be placed in space";
    }
    const auto shortPixels = std::find_if(files.begin(), files.end(), [](auto* f) { return !f->badPixels.empty(); });
    if (shortPixels != files.end() && s.problem.empty())
        s.problem = "slice " + (*shortPixels)->path.filename().string() + ": " + (*shortPixels)->badPixels +
                    " (the file is cut short or its Rows/Columns are wrong)";
    if (s.metadata.modality != "CT")
        s.warnings.push_back("modality is " + (s.metadata.modality.empty() ? std::string("missing") : s.metadata.modality) +
                             ", not CT: values are the stored values after rescale, not Hounsfield units");
    if (s.problem.empty())
        for (const auto* f : files)
            if (f->rows != first.rows || f->cols != first.cols) {
                s.problem = "mixed image sizes in one series (" + std::to_string(first.cols) + "x" + std::to_string(first.rows) +
                            " and " + std::to_string(f->cols) + "x" + std::to_string(f->rows) + ")";
                break;
            }
    // One volume has one pixel size: slices of another would be drawn at the wrong scale.
    if (s.problem.empty())
        for (const auto* f : files) {
            const bool same = f->hasPixelSpacing == first.hasPixelSpacing &&
                              std::abs(f->rowSpacing - first.rowSpacing) <= 1e-3 * first.rowSpacing &&
                              std::abs(f->colSpacing - first.colSpacing) <= 1e-3 * first.colSpacing;
            if (same) continue;
            auto spacing = [](const FileHeader* h) {
                return h->hasPixelSpacing ? fmt(h->rowSpacing, 3) + "\\" + fmt(h->colSpacing, 3) + " mm" : std::string("none");
            };
            s.problem = "mixed pixel spacing in one series (PixelSpacing " + spacing(&first) + " in " +
                        first.path.filename().string() + ", " + spacing(f) + " in " + f->path.filename().string() + ")";
            break;
        }
    if (s.problem.empty())
        for (const auto* f : files)
            for (int a = 0; a < 6; ++a)
                if (std::abs(f->orientation[a] - first.orientation[a]) > 1e-3) {
                    s.problem = "mixed image orientations in one series";
                    a = 6;
                }
    const bool positioned = std::all_of(files.begin(), files.end(), [](auto* f) { return f->hasPosition && f->hasOrientation; });
    if (s.problem.empty() && files.size() > 1 && !positioned)
        s.problem = "slices have no ImagePositionPatient/ImageOrientationPatient, so they cannot be ordered in space";

    const Vec3 row{first.orientation[0], first.orientation[1], first.orientation[2]};
    const Vec3 col{first.orientation[3], first.orientation[4], first.orientation[5]};
    const Vec3 normal = normalized(cross(row, col));
    if (positioned)
        std::stable_sort(files.begin(), files.end(), [&](auto* a, auto* b) {
            const double da = dot(a->position, normal), db = dot(b->position, normal);
            if (std::abs(da - db) > 1e-4) return da < db;
            return a->instance < b->instance;
        });

    // Duplicate positions: keep the first (lowest instance number), say which were ignored.
    if (positioned && files.size() > 1) {
        std::vector<const FileHeader*> kept{files.front()};
        std::vector<std::string> dropped;
        for (std::size_t i = 1; i < files.size(); ++i) {
            if (norm(files[i]->position - kept.back()->position) < 1e-3)
                dropped.push_back(files[i]->path.filename().string());
            else
                kept.push_back(files[i]);
        }
        if (!dropped.empty()) {
            s.warnings.push_back(std::to_string(dropped.size()) + " slice(s) duplicate the position of another slice and were ignored (e.g. " +
                                 dropped.front() + ")");
            files = kept;
        }
    }

    Geometry& g = s.geometry;
    g.origin = first.hasPosition ? files.front()->position : Vec3{0, 0, 0};
    g.direction = {row, col, normal};
    g.spacing = {first.colSpacing, first.rowSpacing, first.thickness > 0 ? first.thickness : 1.0};
    if (!first.hasPixelSpacing) s.warnings.push_back("no PixelSpacing: 1 mm pixels assumed");
    if (!first.hasPosition || !first.hasOrientation)
        s.warnings.push_back("no ImagePositionPatient/ImageOrientationPatient: axial orientation at the origin assumed");

    std::vector<SliceRef> slices;
    auto ref = [](const FileHeader* f) {
        SliceRef r;
        r.path = f->path;
        r.sopClassUid = f->sopClassUid;
        r.sopInstanceUid = f->sopInstanceUid;
        r.position = f->position;
        r.instanceNumber = f->instance;
        r.transferSyntaxUid = f->transferSyntaxUid;
        return r;
    };
    if (files.size() == 1 && first.frames > 1) {
        s.warnings.push_back("multi-frame image: " + std::to_string(first.frames) +
                             " frames stacked in file order; per-frame geometry is not read");
        for (int f = 0; f < first.frames; ++f) {
            slices.push_back(ref(files.front()));
            slices.back().frame = f;
        }
    } else if (files.size() == 1) {
        s.warnings.push_back("single-slice series: slice spacing taken from " +
                             (first.thickness > 0 ? "SliceThickness (" + fmt(first.thickness) + " mm)" : std::string("nothing (1 mm assumed)")));
        slices.push_back(ref(files.front()));
    } else if (positioned && s.problem.empty()) {
        std::vector<double> gaps;
        for (std::size_t i = 1; i < files.size(); ++i) gaps.push_back(norm(files[i]->position - files[i - 1]->position));
        std::vector<double> sorted = gaps;
        std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
        const double step = sorted[sorted.size() / 2];
        // Stacking direction vs slice normal: a tilted gantry or a sheared stack.
        const Vec3 stack = normalized(files.back()->position - files.front()->position);
        const double angle = std::acos(std::clamp(std::abs(dot(stack, normal)), 0.0, 1.0)) * 180 / kPi;
        if (angle > 0.5) {
            s.warnings.push_back("gantry tilt or sheared stack: slices advance at " + fmt(angle, 1) +
                                 " degrees to their normal; geometry follows the slice positions (not resampled)");
            g.direction[2] = stack;
        }
        g.spacing[2] = step;
        // Missing slices: a gap that is a whole multiple of the usual step is
        // filled with empty slices so every real slice keeps its true position.
        int missing = 0;
        bool uneven = false;
        slices.push_back(ref(files.front()));
        for (std::size_t i = 1; i < files.size(); ++i) {
            const double ratio = gaps[i - 1] / step;
            const long whole = std::lround(ratio);
            if (std::abs(ratio - double(whole)) > 0.1 || whole < 1) {
                uneven = true;
            } else {
                for (long m = 1; m < whole; ++m) {
                    SliceRef gap;
                    gap.position = files[i - 1]->position + (double(m) * step) * stack;
                    slices.push_back(gap);
                    ++missing;
                }
            }
            slices.push_back(ref(files[i]));
        }
        // The uniform step that puts the first and last slices exactly where they are.
        g.spacing[2] = norm(files.back()->position - files.front()->position) / double(slices.size() - 1);
        if (missing > 0)
            s.warnings.push_back(std::to_string(missing) + " missing slice(s) (gaps in slice positions); they are shown as empty slices");
        if (uneven) {
            s.warnings.push_back("uneven slice spacing (from " + fmt(*std::min_element(gaps.begin(), gaps.end())) + " to " +
                                 fmt(*std::max_element(gaps.begin(), gaps.end())) + " mm): volume uses " + fmt(step) +
                                 " mm; positions are approximate");
        }
        if (first.thickness > 0 && std::abs(first.thickness - step) > 0.01 * step + 0.01 && !uneven && missing == 0 && step < first.thickness)
            s.notes.push_back("overlapping reconstruction: " + fmt(first.thickness) + " mm slices every " + fmt(step) + " mm");
    } else {
        for (auto* f : files) slices.push_back(ref(f));
    }
    s.slices = std::move(slices);
    g.size = {std::size_t(first.cols), std::size_t(first.rows), s.slices.size()};
    return s;
}

}  // namespace

ScanResult scanDicom(const fs::path& path, int threads) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw IoError("no such file or folder: " + path.string());
    detail::ensureDcmtkCodecs();
    std::vector<fs::path> candidates;
    if (fs::is_directory(path, ec)) {
        for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
             it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) break;
            if (it->is_regular_file(ec) && !looksLikeDicomdir(it->path())) candidates.push_back(it->path());
        }
        std::sort(candidates.begin(), candidates.end());
    } else if (looksLikeDicomdir(path)) {
        candidates = dicomdirFiles(path);
    } else {
        candidates.push_back(path);
    }
    if (candidates.empty()) throw InputError("no files in " + path.string());

    std::vector<FileHeader> headers(candidates.size());
    if (threads <= 0) threads = int(std::max(1u, std::thread::hardware_concurrency()));
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i; (i = next++) < candidates.size();) headers[i] = readHeader(candidates[i]);
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads && std::size_t(t) < candidates.size(); ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();

    ScanResult result;
    std::map<std::string, std::vector<const FileHeader*>> groups;
    std::vector<std::string> notDicom, nonImage;
    for (const auto& h : headers) {
        if (!h.isDicom) {
            notDicom.push_back(h.path.string());
        } else if (!h.isImage) {
            nonImage.push_back(h.path.filename().string() + " (" + h.whyNotImage + ")");
        } else {
            std::string key = h.meta.patientId + "|" + h.meta.studyInstanceUid + "|" + h.meta.seriesInstanceUid;
            if (h.frames > 1) key += "|" + h.path.string();  // a multi-frame file is a volume of its own
            groups[key].push_back(&h);
        }
    }
    if (!notDicom.empty())
        result.warnings.push_back("ignored " + std::to_string(notDicom.size()) + " file(s) that are not DICOM (e.g. " +
                                  notDicom.front() + ")");
    if (!nonImage.empty())
        result.warnings.push_back("ignored " + std::to_string(nonImage.size()) + " DICOM object(s) that are not image slices (e.g. " +
                                  nonImage.front() + ")");
    if (groups.empty()) {
        if (!nonImage.empty())
            throw InputError("no image series in " + path.string() + ": only non-image DICOM objects (e.g. " + nonImage.front() + ")");
        throw InputError("no DICOM image in " + path.string());
    }
    for (auto& [key, files] : groups) result.series.push_back(analyse(files));
    std::stable_sort(result.series.begin(), result.series.end(), [](const SeriesInfo& a, const SeriesInfo& b) {
        return a.metadata.seriesNumber < b.metadata.seriesNumber;
    });
    return result;
}

}  // namespace lsms
