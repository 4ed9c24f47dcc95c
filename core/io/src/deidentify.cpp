#include "lsms/io/deidentify.h"

#include "dicom_save.h"
#include "lsms/core/error.h"
#include "lsms/core/uid.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcsequen.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

namespace fs = std::filesystem;

namespace lsms {

namespace {

// What PS3.15 Table E.1-1 asks of an attribute (X, Z, D, U), and the two
// replaced by the caller's pseudonyms.
enum class Action { Remove, Empty, Dummy, PatientName, PatientId };

// Attributes the generic rules below (person names, dates and times, UIDs,
// private attributes) do not already cover: identities, free text, places.
const std::map<DcmTagKey, Action>& rules() {
    using A = Action;
    static const std::map<DcmTagKey, Action> r = {
        {DCM_PatientName, A::PatientName}, {DCM_PatientID, A::PatientId},
        // Type 2 in the objects written here: present and empty.
        {DCM_PatientBirthDate, A::Empty}, {DCM_PatientSex, A::Empty}, {DCM_StudyDate, A::Empty},
        {DCM_StudyTime, A::Empty}, {DCM_AccessionNumber, A::Empty}, {DCM_StudyID, A::Empty},
        {DCM_ReferringPhysicianName, A::Empty}, {DCM_ContentCreatorName, A::Empty},
        // Type 1: a dummy value.
        {DCM_ContentDate, A::Dummy}, {DCM_ContentTime, A::Dummy}, {DCM_DeviceSerialNumber, A::Dummy},
        {DCM_PersonName, A::Dummy}, {DCM_DateTime, A::Dummy}, {DCM_Date, A::Dummy}, {DCM_Time, A::Dummy},
        {DCM_ObservationDateTime, A::Dummy}, {DCM_VerificationDateTime, A::Dummy},
        // Removed: identities, history, places, staff, free text.
        {DCM_IssuerOfPatientID, A::Remove}, {DCM_IssuerOfPatientIDQualifiersSequence, A::Remove},
        {DCM_TypeOfPatientID, A::Remove}, {DCM_OtherPatientIDsSequence, A::Remove},
        {DCM_RETIRED_OtherPatientIDs, A::Remove}, {DCM_OtherPatientNames, A::Remove},
        {DCM_PatientBirthName, A::Remove}, {DCM_PatientMotherBirthName, A::Remove}, {DCM_PatientAge, A::Remove},
        {DCM_PatientSize, A::Remove}, {DCM_PatientWeight, A::Remove}, {DCM_PatientAddress, A::Remove},
        {DCM_PatientTelephoneNumbers, A::Remove}, {DCM_PatientTelecomInformation, A::Remove},
        {DCM_MilitaryRank, A::Remove}, {DCM_BranchOfService, A::Remove}, {DCM_RETIRED_MedicalRecordLocator, A::Remove},
        {DCM_PatientInsurancePlanCodeSequence, A::Remove}, {DCM_CountryOfResidence, A::Remove},
        {DCM_RegionOfResidence, A::Remove}, {DCM_EthnicGroup, A::Remove}, {DCM_Occupation, A::Remove},
        {DCM_SmokingStatus, A::Remove}, {DCM_AdditionalPatientHistory, A::Remove}, {DCM_PregnancyStatus, A::Remove},
        {DCM_PatientReligiousPreference, A::Remove}, {DCM_PatientComments, A::Remove}, {DCM_MedicalAlerts, A::Remove},
        {DCM_Allergies, A::Remove}, {DCM_PatientState, A::Remove}, {DCM_SpecialNeeds, A::Remove},
        {DCM_ResponsiblePerson, A::Remove}, {DCM_ResponsibleOrganization, A::Remove},
        {DCM_PatientSexNeutered, A::Remove}, {DCM_ReferencedPatientSequence, A::Remove},
        {DCM_ReferencedPatientPhotoSequence, A::Remove}, {DCM_AdmittingDiagnosesDescription, A::Remove},
        {DCM_AdmittingDiagnosesCodeSequence, A::Remove}, {DCM_AdmissionID, A::Remove},
        {DCM_IssuerOfAdmissionIDSequence, A::Remove}, {DCM_ServiceEpisodeID, A::Remove},
        {DCM_ServiceEpisodeDescription, A::Remove}, {DCM_ReasonForVisit, A::Remove},
        {DCM_ReasonForVisitCodeSequence, A::Remove}, {DCM_IssuerOfAccessionNumberSequence, A::Remove},
        {DCM_ReferringPhysicianAddress, A::Remove}, {DCM_ReferringPhysicianTelephoneNumbers, A::Remove},
        {DCM_ReferringPhysicianIdentificationSequence, A::Remove},
        {DCM_ConsultingPhysicianIdentificationSequence, A::Remove},
        {DCM_PhysiciansOfRecordIdentificationSequence, A::Remove},
        {DCM_PhysiciansReadingStudyIdentificationSequence, A::Remove},
        {DCM_PerformingPhysicianIdentificationSequence, A::Remove},
        {DCM_OperatorIdentificationSequence, A::Remove}, {DCM_RequestingServiceCodeSequence, A::Remove},
        {DCM_StudyDescription, A::Remove}, {DCM_SeriesDescription, A::Remove}, {DCM_ImageComments, A::Remove},
        {DCM_RequestAttributesSequence, A::Remove}, {DCM_ReferencedStudySequence, A::Remove},
        {DCM_ProcedureCodeSequence, A::Remove}, {DCM_PerformedProcedureStepDescription, A::Remove},
        {DCM_PerformedProcedureStepID, A::Remove}, {DCM_RequestedProcedureDescription, A::Remove},
        {DCM_RequestedProcedureID, A::Remove}, {DCM_ScheduledProcedureStepDescription, A::Remove},
        {DCM_ReasonForTheRequestedProcedure, A::Remove}, {DCM_RETIRED_AcquisitionComments, A::Remove},
        {DCM_AcquisitionDeviceProcessingDescription, A::Remove}, {DCM_ProtocolName, A::Remove},
        {DCM_DerivationDescription, A::Remove}, {DCM_InstitutionName, A::Remove},
        {DCM_InstitutionAddress, A::Remove}, {DCM_InstitutionCodeSequence, A::Remove},
        {DCM_InstitutionalDepartmentName, A::Remove}, {DCM_InstitutionalDepartmentTypeCodeSequence, A::Remove},
        {DCM_StationName, A::Remove}, {DCM_DetectorID, A::Remove}, {DCM_GantryID, A::Remove},
        {DCM_PlateID, A::Remove}, {DCM_CassetteID, A::Remove}, {DCM_DeviceDescription, A::Remove},
        {DCM_TextString, A::Remove}, {DCM_RETIRED_TextComments, A::Remove}, {DCM_FrameComments, A::Remove},
        {DCM_ClinicalTrialSponsorName, A::Remove}, {DCM_ClinicalTrialProtocolID, A::Remove},
        {DCM_ClinicalTrialProtocolName, A::Remove}, {DCM_ClinicalTrialSiteID, A::Remove},
        {DCM_ClinicalTrialSiteName, A::Remove}, {DCM_ClinicalTrialSubjectID, A::Remove},
        {DCM_ClinicalTrialSubjectReadingID, A::Remove}, {DCM_ClinicalTrialTimePointID, A::Remove},
        {DCM_ClinicalTrialTimePointDescription, A::Remove}, {DCM_ClinicalTrialProtocolEthicsCommitteeName, A::Remove},
        {DCM_ClinicalTrialProtocolEthicsCommitteeApprovalNumber, A::Remove},
        {DCM_ConsentForClinicalTrialUseSequence, A::Remove}, {DCM_DeidentificationMethod, A::Remove},
        {DCM_DeidentificationMethodCodeSequence, A::Remove}, {DCM_DigitalSignaturesSequence, A::Remove},
        {DCM_OriginalAttributesSequence, A::Remove}, {DCM_ModifiedAttributesSequence, A::Remove},
        {DCM_HangingProtocolCreator, A::Remove}, {DCM_ReasonForPerformedProcedureCodeSequence, A::Remove},
        {DCM_SourcePatientGroupIdentificationSequence, A::Remove}, {DCM_GroupOfPatientsIdentificationSequence, A::Remove},
    };
    return r;
}

// UIDs that name things, not instances: kept.
bool keepsUid(const DcmTagKey& key, const std::string& value) {
    if (value.rfind("1.2.840.10008.", 0) == 0) return true;  // defined by DICOM itself
    return key == DCM_CodingSchemeUID || key == DCM_MappingResourceUID || key == DCM_ContextGroupExtensionCreatorUID ||
           key == DCM_RETIRED_TemplateExtensionCreatorUID || key == DCM_ImplementationClassUID ||
           key == DCM_SOPClassUID || key == DCM_ReferencedSOPClassUID || key == DCM_MediaStorageSOPClassUID ||
           key == DCM_TransferSyntaxUID;
}

std::string dummyFor(DcmEVR vr) {
    switch (vr) {
    case EVR_DA: return "19000101";
    case EVR_TM: return "000000";
    case EVR_DT: return "19000101000000";
    case EVR_PN: return "ANONYMOUS";
    default: return "0";
    }
}

std::string hmacHex(const std::string& key, const std::string& data, std::array<unsigned char, 32>* raw = nullptr) {
    std::array<unsigned char, 32> mac{};
    unsigned int n = 0;
    if (!HMAC(EVP_sha256(), key.data(), int(key.size()), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
              mac.data(), &n))
        throw Error("de-identification: HMAC-SHA-256 failed");
    if (raw) *raw = mac;
    std::string hex;
    char b[3];
    for (unsigned i = 0; i < n; ++i) {
        std::snprintf(b, sizeof b, "%02x", mac[i]);
        hex += b;
    }
    return hex;
}

struct Context {
    const DeidentifyOptions& options;
    std::string patientId;  // the pseudonym
};

void setString(DcmElement& e, const std::string& value, const DcmTagKey& key) {
    if (e.putString(value.c_str()).bad())
        throw IoError(std::string("de-identification: cannot replace ") + DcmTag(key).getTagName());
}

void clean(DcmItem& item, const Context& ctx);

void cleanElement(DcmItem& item, DcmElement* e, const Context& ctx) {
    const DcmTagKey key = e->getTag();
    const DcmEVR vr = e->getTag().getEVR();
    auto remove = [&] { delete item.remove(e); };
    if (key.isPrivate() || ((key.getGroup() & 0xFF00) == 0x5000) ||
        ((key.getGroup() & 0xFF00) == 0x6000 && (key.getElement() == 0x3000 || key.getElement() == 0x4000)))
        return remove();  // private attributes, curves, overlay data and comments

    const auto rule = rules().find(key);
    if (rule != rules().end()) {
        switch (rule->second) {
        case Action::Remove: return remove();
        case Action::Empty: return setString(*e, "", key);
        case Action::Dummy: return setString(*e, dummyFor(vr), key);
        case Action::PatientName: return setString(*e, ctx.options.patientName, key);
        case Action::PatientId: return setString(*e, ctx.patientId, key);
        }
    }
    switch (vr) {
    case EVR_PN:  // any other person: staff, physicians, operators
    case EVR_DA:  // dates and times say when, and so whom
    case EVR_TM:
    case EVR_DT: return remove();
    case EVR_UI: {
        OFString values;
        if (e->getOFStringArray(values).bad() || values.empty()) return;
        std::string out, v = values.c_str();
        std::size_t start = 0;
        for (;;) {
            const std::size_t end = v.find('\\', start);
            const std::string one = v.substr(start, end == std::string::npos ? std::string::npos : end - start);
            if (!out.empty() || start > 0) out += '\\';
            out += keepsUid(key, one) ? one : deidentifiedUid(one, ctx.options.key);
            if (end == std::string::npos) break;
            start = end + 1;
        }
        return setString(*e, out, key);
    }
    case EVR_SQ: {
        auto* seq = static_cast<DcmSequenceOfItems*>(e);
        for (unsigned long i = 0; i < seq->card(); ++i) clean(*seq->getItem(i), ctx);
        return;
    }
    default: return;
    }
}

void clean(DcmItem& item, const Context& ctx) {
    for (long i = long(item.card()) - 1; i >= 0; --i) cleanElement(item, item.getElement(static_cast<unsigned long>(i)), ctx);
}

}  // namespace

std::string randomDeidentifyKey() {
    std::array<unsigned char, 16> bytes{};
    if (RAND_bytes(bytes.data(), int(bytes.size())) != 1) throw Error("de-identification: no random numbers from the system");
    std::string hex;
    char b[3];
    for (unsigned char c : bytes) {
        std::snprintf(b, sizeof b, "%02x", c);
        hex += b;
    }
    return hex;
}

std::string deidentifiedUid(const std::string& uid, const std::string& key) {
    if (uid.empty() || uid.rfind("1.2.840.10008.", 0) == 0) return uid;
    std::array<unsigned char, 32> mac{};
    hmacHex(key, "uid:" + uid, &mac);
    std::uint64_t high = 0, low = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        high = (high << 8) | mac[i];
        low = (low << 8) | mac[8 + i];
    }
    return uidFrom128Bits(high, low);
}

void deidentifyFile(const fs::path& in, const fs::path& out, const DeidentifyOptions& options) {
    if (options.key.empty()) throw InputError("de-identification needs a key (randomDeidentifyKey makes one)");
    DcmFileFormat file;
    const OFCondition loaded = file.loadFile(in.c_str());
    if (loaded.bad()) throw InputError("cannot de-identify " + in.string() + ": not a readable DICOM file (" + loaded.text() + ")");
    DcmDataset& d = *file.getDataset();
    d.loadAllDataIntoMemory();
    OFString burned;
    if (d.findAndGetOFString(DCM_BurnedInAnnotation, burned).good() && burned == "YES")
        throw InputError("cannot de-identify " + in.string() +
                         ": its pixels carry burned-in annotation (0028,0301), text in the image this program cannot remove");
    OFString originalId;
    d.findAndGetOFString(DCM_PatientID, originalId);
    const Context ctx{options, options.patientId.empty()
                                   ? "ANON-" + hmacHex(options.key, std::string("patient:") + originalId.c_str()).substr(0, 12)
                                   : options.patientId};
    clean(d, ctx);
    clean(*file.getMetaInfo(), ctx);
    // What was done, as the profile asks: a receiver can tell the object is de-identified.
    auto put = [&](const DcmTagKey& key, const char* value) {
        if (d.putAndInsertString(key, value).bad()) throw IoError("de-identification: cannot write " + std::string(DcmTag(key).getTagName()));
    };
    put(DCM_PatientIdentityRemoved, "YES");
    put(DCM_DeidentificationMethod, "PS3.15 Basic Profile (LSMS Viewer)");
    put(DCM_LongitudinalTemporalInformationModified, "REMOVED");
    DcmItem* code = nullptr;
    if (d.findOrCreateSequenceItem(DCM_DeidentificationMethodCodeSequence, code, -2).bad() || !code)
        throw IoError("de-identification: cannot write its method code");
    code->putAndInsertString(DCM_CodeValue, "113100");
    code->putAndInsertString(DCM_CodingSchemeDesignator, "DCM");
    code->putAndInsertString(DCM_CodeMeaning, "Basic Application Confidentiality Profile");
    if (!d.tagExists(DCM_PatientName)) put(DCM_PatientName, options.patientName.c_str());
    if (!d.tagExists(DCM_PatientID)) put(DCM_PatientID, ctx.patientId.c_str());
    const E_TransferSyntax xfer = d.getOriginalXfer() == EXS_Unknown ? EXS_LittleEndianExplicit : d.getOriginalXfer();
    detail::saveAtomically(out, [&](const char* path) { return file.saveFile(path, xfer); });
}

}  // namespace lsms
