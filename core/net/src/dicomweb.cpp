#include "lsms/net/dicomweb.h"

#include "http.h"
#include "instance_files.h"
#include "multipart.h"
#include "lsms/core/atomic_file.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>

namespace lsms::net {

namespace {

using nlohmann::json;

std::string root(const WebServer& s) {
    std::string u = s.url;
    while (!u.empty() && u.back() == '/') u.pop_back();
    return u;
}

// A value of the DICOM JSON model (PS3.18 F.2): strings, numbers or a person name.
std::string value(const json& object, const char* tag) {
    const auto it = object.find(tag);
    if (it == object.end() || !it->is_object()) return {};
    const auto v = it->find("Value");
    if (v == it->end() || !v->is_array() || v->empty()) return {};
    std::string out;
    for (const auto& item : *v) {
        if (!out.empty()) out += "\\";
        if (item.is_string()) out += item.get<std::string>();
        else if (item.is_number_integer()) out += std::to_string(item.get<long long>());
        else if (item.is_number()) out += std::to_string(item.get<double>());
        else if (item.is_object() && item.contains("Alphabetic") && item["Alphabetic"].is_string()) out += item["Alphabetic"].get<std::string>();
    }
    return out;
}

int count(const json& object, const char* tag) {
    try {
        const std::string v = value(object, tag);
        return v.empty() ? 0 : std::stoi(v);
    } catch (const std::exception&) {
        return 0;
    }
}

json search(const WebServer& server, const std::string& path, const std::vector<std::pair<std::string, std::string>>& keys) {
    std::string url = root(server) + path;
    char sep = '?';
    for (const auto& [k, v] : keys) {
        if (v.empty()) continue;
        url += sep + k + "=" + detail::escape(v);
        sep = '&';
    }
    const auto answer = detail::send(server, {url, "GET", {"Accept: application/dicom+json"}, {}, {}});
    if (answer.status == 204) return json::array();
    if (answer.status != 200)
        throw PacsError("the DICOMweb server at " + server.url + " answered the search with HTTP " + std::to_string(answer.status));
    json result = json::parse(answer.body, nullptr, false);
    if (result.is_discarded() || !result.is_array())
        throw PacsError("the DICOMweb server at " + server.url + " answered the search with something that is not DICOM JSON");
    return result;
}

std::string sopInstanceUidOf(std::string_view bytes) {
    DcmInputBufferStream in;
    in.setBuffer(bytes.data(), offile_off_t(bytes.size()));
    in.setEos();
    DcmFileFormat ff;
    ff.transferInit();
    const OFCondition cond = ff.read(in);
    ff.transferEnd();
    OFString uid;
    if (cond.good()) ff.getDataset()->findAndGetOFString(DCM_SOPInstanceUID, uid);
    return uid.c_str();
}

}  // namespace

FindResult findStudies(const WebServer& server, const StudyQuery& q) {
    const json studies = search(server, "/studies",
                                {{"PatientName", q.patientName}, {"PatientID", q.patientId}, {"StudyInstanceUID", q.studyInstanceUid},
                                 {"StudyDate", q.date}, {"ModalitiesInStudy", q.modality}, {"AccessionNumber", q.accessionNumber},
                                 {"StudyDescription", q.description}, {"limit", std::to_string(q.limit + 1)},
                                 {"includefield", "all"}});
    FindResult r;
    for (const auto& s : studies) {
        if (r.studies.size() >= q.limit) {
            r.truncated = true;
            break;
        }
        StudyRecord rec;
        rec.patientName = value(s, "00100010");
        rec.patientId = value(s, "00100020");
        rec.patientBirthDate = value(s, "00100030");
        rec.studyInstanceUid = value(s, "0020000D");
        rec.studyDate = value(s, "00080020");
        rec.studyTime = value(s, "00080030");
        rec.description = value(s, "00081030");
        rec.accessionNumber = value(s, "00080050");
        rec.modalities = value(s, "00080061");
        rec.seriesCount = count(s, "00201206");
        rec.instanceCount = count(s, "00201208");
        if (!rec.studyInstanceUid.empty()) r.studies.push_back(std::move(rec));
    }
    return r;
}

PatientFindResult findPatients(const WebServer& server, const StudyQuery& q) {
    StudyQuery studies;
    studies.patientName = q.patientName;
    studies.patientId = q.patientId;
    studies.limit = 5000;  // studies, grouped below; the patients' limit is q.limit
    const FindResult found = findStudies(server, studies);
    PatientFindResult result;
    for (const StudyRecord& s : found.studies) {
        auto it = std::find_if(result.patients.begin(), result.patients.end(),
                               [&](const PatientRecord& p) { return p.patientId == s.patientId && p.patientName == s.patientName; });
        if (it != result.patients.end()) {
            ++it->studyCount;
            continue;
        }
        if (result.patients.size() >= q.limit) {
            result.truncated = true;
            continue;
        }
        result.patients.push_back({s.patientName, s.patientId, s.patientBirthDate, "", 1});
    }
    result.truncated = result.truncated || found.truncated;
    return result;
}

std::vector<SeriesRecord> findSeries(const WebServer& server, const std::string& studyUid) {
    if (studyUid.empty()) throw PacsError("a series search needs the study's Instance UID");
    const json series = search(server, "/studies/" + detail::escape(studyUid) + "/series", {{"includefield", "all"}});
    std::vector<SeriesRecord> out;
    for (const auto& s : series) {
        SeriesRecord rec;
        rec.studyInstanceUid = studyUid;
        rec.seriesInstanceUid = value(s, "0020000E");
        rec.modality = value(s, "00080060");
        rec.description = value(s, "0008103E");
        rec.seriesNumber = count(s, "00200011");
        rec.instanceCount = count(s, "00201209");
        if (!rec.seriesInstanceUid.empty()) out.push_back(std::move(rec));
    }
    return out;
}

RetrieveResult retrieveInstances(const WebServer& server, const std::string& studyUid, const std::string& seriesUid,
                                 const std::filesystem::path& outDir, const RetrieveProgress& progress) {
    detail::prepareRetrieve(studyUid, outDir);
    RetrieveResult result;
    std::string failure;  // a part that could not be read or written
    std::unique_ptr<detail::MultipartReader> reader;
    std::string boundary;
    detail::HttpRequest request;
    request.url = root(server) + "/studies/" + detail::escape(studyUid) + (seriesUid.empty() ? "" : "/series/" + detail::escape(seriesUid));
    request.headers = {"Accept: multipart/related; type=\"application/dicom\""};
    const auto onPart = [&](std::string_view part) {
        const std::string uid = sopInstanceUidOf(part);
        if (!detail::safeUid(uid)) {
            ++result.failed;
            return progress ? progress(result.files.size(), 0, result.failed) : true;
        }
        const auto file = detail::instanceFile(outDir, uid);
        try {
            writeFileAtomically(file, part);
        } catch (const Error& e) {
            failure = e.what();
            return false;
        }
        result.files.push_back(file);
        if (progress && !progress(result.files.size(), 0, result.failed)) {
            result.cancelled = true;
            return false;
        }
        return true;
    };
    // The boundary comes with the answer's headers: the reader is made on the first bytes.
    request.onData = [&](std::string_view bytes, const std::string& contentType) {
        if (!reader) {
            boundary = detail::boundaryOf(contentType);
            if (boundary.empty()) {
                failure = "its answer is not multipart/related (Content-Type \"" + contentType + "\")";
                return false;
            }
            reader = std::make_unique<detail::MultipartReader>(boundary, onPart);
        }
        return reader->feed(bytes);
    };
    const detail::HttpAnswer answer = detail::send(server, request);
    const std::string arrived = detail::arrivedText(result.files.size(), outDir);
    if (!failure.empty()) throw PacsError("retrieve from the DICOMweb server at " + server.url + " stopped: " + failure + "; " + arrived);
    if (result.cancelled) return result;
    if (answer.status == 404 || (answer.status >= 200 && answer.status < 300 && result.files.empty() && result.failed == 0))
        throw PacsError(detail::nothingMatched("the DICOMweb server at " + server.url, studyUid, seriesUid));
    if (answer.status < 200 || answer.status >= 300)
        throw PacsError("the DICOMweb server at " + server.url + " answered the retrieve with HTTP " + std::to_string(answer.status));
    if (!reader || !reader->finished())
        throw PacsError("the retrieve from the DICOMweb server at " + server.url + " broke off; " + arrived);
    return result;
}

void storeFiles(const WebServer& server, const std::vector<std::filesystem::path>& files) {
    if (files.empty()) throw PacsError("no files to send");
    std::vector<std::string> parts;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        if (!in) throw IoError("cannot read " + f.string());
        parts.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    std::random_device rd;
    const std::string boundary = "lsms-" + std::to_string(rd()) + std::to_string(rd());
    detail::HttpRequest request;
    request.url = root(server) + "/studies";
    request.method = "POST";
    request.headers = {"Content-Type: multipart/related; type=\"application/dicom\"; boundary=" + boundary,
                       "Accept: application/dicom+json"};
    request.body = detail::multipartBody(boundary, parts, "application/dicom");
    const auto answer = detail::send(server, request);
    const json reply = json::parse(answer.body, nullptr, false);
    if (!reply.is_discarded() && reply.is_object() && reply.contains("00081198")) {
        const auto& failed = reply["00081198"];
        const std::size_t n = failed.contains("Value") && failed["Value"].is_array() ? failed["Value"].size() : 0;
        if (n > 0) throw PacsError("the DICOMweb server at " + server.url + " refused " + std::to_string(n) + " of the " +
                                   std::to_string(files.size()) + " file(s) sent");
    }
    if (answer.status < 200 || answer.status >= 300)
        throw PacsError("the DICOMweb server at " + server.url + " refused the store: HTTP " + std::to_string(answer.status));
}

}  // namespace lsms::net
