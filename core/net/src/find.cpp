#include "scu.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/dimse.h>

#include <memory>

namespace lsms::net {

namespace {

using detail::Scu;

std::string text(DcmDataset* ds, const DcmTagKey& tag) {
    OFString v;
    if (ds && ds->findAndGetOFStringArray(tag, v).good()) return v.c_str();
    return {};
}

int number(DcmDataset* ds, const DcmTagKey& tag) {
    const std::string v = text(ds, tag);
    try {
        return v.empty() ? 0 : std::stoi(v);
    } catch (const std::exception&) {
        return 0;  // a malformed count is shown as unknown, not trusted
    }
}

// An SCU that asks the PACS to stop (C-CANCEL) once `stopAfter` matches
// came: a search past its limit does not make the PACS send every study it has.
class FindScu : public Scu {
public:
    FindScu(const PacsPeer& peer, std::size_t stopAfter) : Scu(peer), stopAfter_(stopAfter) {}

    OFCondition handleFINDResponse(const T_ASC_PresentationContextID presID, QRResponse* response,
                                   OFBool& waitForNextResponse) override {
        const OFCondition cond = Scu::handleFINDResponse(presID, response, waitForNextResponse);
        if (response && DICOM_PENDING_STATUS(response->m_status) && ++matches_ >= stopAfter_ && !cancelled_) {
            cancelled_ = true;
            sendCANCELRequest(presID);  // the PACS answers with a final Cancel status
        }
        return cond;
    }

private:
    std::size_t stopAfter_, matches_ = 0;
    bool cancelled_ = false;
};

// Each pending response's identifier; a final failure status is an error.
template <typename F>
void runFind(Scu& scu, DcmDataset& keys, const std::string& what, F&& each, const char* model = UID_FINDStudyRootQueryRetrieveInformationModel) {
    const bool patientRoot = std::string(model) == UID_FINDPatientRootQueryRetrieveInformationModel;
    scu.addPresentationContext(model, detail::uncompressedSyntaxes());
    scu.open();
    const T_ASC_PresentationContextID id = scu.findPresentationContextID(model, "");
    if (id == 0)
        throw PacsError(detail::describe(scu.peer()) + " does not offer " + (patientRoot ? "patient" : "study") + "-root C-FIND");
    OFList<QRResponse*> responses;
    const OFCondition cond = scu.sendFINDRequest(id, &keys, &responses);
    struct Free {
        OFList<QRResponse*>& list;
        ~Free() {
            for (auto* r : list) delete r;
        }
    } free{responses};
    scu.check(cond, "the " + what + " search failed");
    for (QRResponse* r : responses) {
        if (DICOM_PENDING_STATUS(r->m_status)) {
            if (r->m_dataset) each(r->m_dataset);
        } else if (r->m_status != STATUS_Success && r->m_status != STATUS_FIND_Cancel_MatchingTerminatedDueToCancelRequest) {
            throw PacsError(detail::describe(scu.peer()) + " refused the " + what + " search: status " +
                            detail::statusText(r->m_status));
        }
    }
}

}  // namespace

FindResult findStudies(const PacsPeer& peer, const StudyQuery& q) {
    DcmDataset keys;
    keys.putAndInsertString(DCM_QueryRetrieveLevel, "STUDY");
    keys.putAndInsertString(DCM_PatientName, q.patientName.c_str());
    keys.putAndInsertString(DCM_PatientID, q.patientId.c_str());
    keys.putAndInsertString(DCM_PatientBirthDate, "");
    keys.putAndInsertString(DCM_StudyInstanceUID, q.studyInstanceUid.c_str());
    keys.putAndInsertString(DCM_StudyDate, q.date.c_str());
    keys.putAndInsertString(DCM_StudyTime, "");
    keys.putAndInsertString(DCM_StudyDescription, q.description.c_str());
    keys.putAndInsertString(DCM_AccessionNumber, q.accessionNumber.c_str());
    keys.putAndInsertString(DCM_ModalitiesInStudy, q.modality.c_str());
    keys.putAndInsertString(DCM_NumberOfStudyRelatedSeries, "");
    keys.putAndInsertString(DCM_NumberOfStudyRelatedInstances, "");
    keys.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
    FindScu scu(peer, q.limit + 1);  // one past the limit says the answer was cut
    FindResult result;
    runFind(scu, keys, "study", [&](DcmDataset* ds) {
        if (result.studies.size() >= q.limit) {
            result.truncated = true;
            return;
        }
        StudyRecord s;
        s.patientName = text(ds, DCM_PatientName);
        s.patientId = text(ds, DCM_PatientID);
        s.patientBirthDate = text(ds, DCM_PatientBirthDate);
        s.studyInstanceUid = text(ds, DCM_StudyInstanceUID);
        s.studyDate = text(ds, DCM_StudyDate);
        s.studyTime = text(ds, DCM_StudyTime);
        s.description = text(ds, DCM_StudyDescription);
        s.accessionNumber = text(ds, DCM_AccessionNumber);
        s.modalities = text(ds, DCM_ModalitiesInStudy);
        s.seriesCount = number(ds, DCM_NumberOfStudyRelatedSeries);
        s.instanceCount = number(ds, DCM_NumberOfStudyRelatedInstances);
        if (!s.studyInstanceUid.empty()) result.studies.push_back(std::move(s));
    });
    return result;
}

PatientFindResult findPatients(const PacsPeer& peer, const StudyQuery& q) {
    DcmDataset keys;
    keys.putAndInsertString(DCM_QueryRetrieveLevel, "PATIENT");
    keys.putAndInsertString(DCM_PatientName, q.patientName.c_str());
    keys.putAndInsertString(DCM_PatientID, q.patientId.c_str());
    keys.putAndInsertString(DCM_PatientBirthDate, "");
    keys.putAndInsertString(DCM_PatientSex, "");
    keys.putAndInsertString(DCM_NumberOfPatientRelatedStudies, "");
    keys.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
    FindScu scu(peer, q.limit + 1);
    PatientFindResult result;
    runFind(
        scu, keys, "patient",
        [&](DcmDataset* ds) {
            if (result.patients.size() >= q.limit) {
                result.truncated = true;
                return;
            }
            PatientRecord p;
            p.patientName = text(ds, DCM_PatientName);
            p.patientId = text(ds, DCM_PatientID);
            p.birthDate = text(ds, DCM_PatientBirthDate);
            p.sex = text(ds, DCM_PatientSex);
            p.studyCount = number(ds, DCM_NumberOfPatientRelatedStudies);
            result.patients.push_back(std::move(p));
        },
        UID_FINDPatientRootQueryRetrieveInformationModel);
    return result;
}

std::vector<SeriesRecord> findSeries(const PacsPeer& peer, const std::string& studyInstanceUid) {
    if (studyInstanceUid.empty()) throw PacsError("a series search needs the study's Instance UID");
    DcmDataset keys;
    keys.putAndInsertString(DCM_QueryRetrieveLevel, "SERIES");
    keys.putAndInsertString(DCM_StudyInstanceUID, studyInstanceUid.c_str());
    keys.putAndInsertString(DCM_SeriesInstanceUID, "");
    keys.putAndInsertString(DCM_Modality, "");
    keys.putAndInsertString(DCM_SeriesNumber, "");
    keys.putAndInsertString(DCM_SeriesDescription, "");
    keys.putAndInsertString(DCM_NumberOfSeriesRelatedInstances, "");
    keys.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
    Scu scu(peer);
    std::vector<SeriesRecord> series;
    runFind(scu, keys, "series", [&](DcmDataset* ds) {
        SeriesRecord s;
        s.studyInstanceUid = studyInstanceUid;
        s.seriesInstanceUid = text(ds, DCM_SeriesInstanceUID);
        s.modality = text(ds, DCM_Modality);
        s.description = text(ds, DCM_SeriesDescription);
        s.seriesNumber = number(ds, DCM_SeriesNumber);
        s.instanceCount = number(ds, DCM_NumberOfSeriesRelatedInstances);
        if (!s.seriesInstanceUid.empty()) series.push_back(std::move(s));
    });
    return series;
}

}  // namespace lsms::net
