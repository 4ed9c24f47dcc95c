#include "support/series_fixture.h"

#include "lsms/io/dicom_writer.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <stdexcept>
#include <unistd.h>

namespace lsms::test {

TempDir::TempDir(const std::string& name) {
    path_ = std::filesystem::temp_directory_path() / ("lsms-test-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

SeriesMetadata testMetadata(const std::string& key, const std::string& modality) {
    SeriesMetadata m;
    m.patientName = "TEST^" + key;
    m.patientId = "T-" + key;
    m.studyInstanceUid = uidFromKey(key + "study");
    m.seriesInstanceUid = uidFromKey(key + "series");
    m.frameOfReferenceUid = uidFromKey(key + "for");
    m.studyDate = "20240102";
    m.studyTime = "101010";
    m.modality = modality;
    m.seriesDescription = "test " + key;
    return m;
}

CtVolume patternVolume(const Geometry& g) {
    CtVolume v(g);
    for (std::size_t k = 0; k < g.size[2]; ++k)
        for (std::size_t j = 0; j < g.size[1]; ++j)
            for (std::size_t i = 0; i < g.size[0]; ++i) v.set(i, j, k, float(i + 10 * j + 100 * k) - 500.f);
    return v;
}

Geometry axialGeometry(std::size_t nx, std::size_t ny, std::size_t nz) {
    Geometry g;
    g.size = {nx, ny, nz};
    g.spacing = {0.75, 0.8, 2.5};
    g.origin = {-50, -40, 100};
    return g;
}

std::vector<std::filesystem::path> writeSeries(const CtVolume& v, const SeriesMetadata& m, const std::filesystem::path& dir) {
    return writeDicomSeries(v, m, dir);
}

void setAttribute(const std::filesystem::path& file, unsigned group, unsigned element, const std::string& value) {
    DcmFileFormat ff;
    if (ff.loadFile(file.c_str()).bad()) throw std::runtime_error("cannot read " + file.string());
    ff.loadAllDataIntoMemory();
    if (ff.getDataset()->putAndInsertString(DcmTagKey(Uint16(group), Uint16(element)), value.c_str()).bad())
        throw std::runtime_error("cannot set attribute");
    if (ff.saveFile(file.c_str(), ff.getDataset()->getOriginalXfer()).bad()) throw std::runtime_error("cannot save " + file.string());
}

}  // namespace lsms::test
