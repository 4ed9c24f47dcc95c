#pragma once
// A source series whose images carry every attribute of the Patient, Clinical
// Trial Subject, General Study, Patient Study and Clinical Trial Study modules
// (a Latin-1 patient name among them): for the tests of what derived objects
// copy (test_patient_study.cpp) and what de-identification removes.
#include "support/series_fixture.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace lsms::test {

// The modules' attributes, listed here independently of the library's table.
inline const std::vector<DcmTagKey> kTags = {
    DCM_PatientName, DCM_PatientID, DCM_IssuerOfPatientID, DCM_TypeOfPatientID, DCM_IssuerOfPatientIDQualifiersSequence,
    DCM_PatientBirthDate, DCM_PatientBirthTime, DCM_PatientSex, DCM_QualityControlSubject, DCM_OtherPatientIDsSequence,
    DCM_OtherPatientNames, DCM_EthnicGroup, DCM_PatientComments, DCM_PatientSpeciesDescription,
    DCM_PatientBreedDescription, DCM_ResponsiblePerson, DCM_ResponsiblePersonRole, DCM_ResponsibleOrganization,
    DCM_ReferencedPatientSequence, DCM_PatientIdentityRemoved, DCM_DeidentificationMethod,
    DCM_ClinicalTrialSponsorName, DCM_ClinicalTrialProtocolID, DCM_ClinicalTrialProtocolName, DCM_ClinicalTrialSiteID,
    DCM_ClinicalTrialSiteName, DCM_ClinicalTrialSubjectID, DCM_ClinicalTrialSubjectReadingID,
    DCM_StudyDate, DCM_StudyTime, DCM_ReferringPhysicianName, DCM_ConsultingPhysicianName, DCM_StudyID,
    DCM_AccessionNumber, DCM_IssuerOfAccessionNumberSequence, DCM_StudyDescription, DCM_PhysiciansOfRecord,
    DCM_NameOfPhysiciansReadingStudy, DCM_RequestingServiceCodeSequence, DCM_ProcedureCodeSequence,
    DCM_ReasonForPerformedProcedureCodeSequence, DCM_AdmittingDiagnosesDescription, DCM_PatientAge, DCM_PatientSize,
    DCM_PatientWeight, DCM_MedicalAlerts, DCM_Allergies, DCM_Occupation, DCM_SmokingStatus,
    DCM_AdditionalPatientHistory, DCM_PregnancyStatus, DCM_LastMenstrualDate, DCM_PatientState, DCM_AdmissionID,
    DCM_ServiceEpisodeID, DCM_ServiceEpisodeDescription, DCM_ReasonForVisit, DCM_ClinicalTrialTimePointID,
    DCM_ClinicalTrialTimePointDescription,
};

// A value of the attribute's VR, distinct per attribute.
inline void setValue(DcmItem& d, const DcmTagKey& key, int n) {
    const DcmTag tag(key);
    const std::string id = std::to_string(n);
    switch (tag.getEVR()) {
    case EVR_SQ: {
        auto* item = new DcmItem;
        item->putAndInsertString(DCM_CodeValue, ("C" + id).c_str());
        item->putAndInsertString(DCM_CodingSchemeDesignator, "99LSMS");
        item->putAndInsertString(DCM_CodeMeaning, ("meaning " + id).c_str());
        REQUIRE(d.insertSequenceItem(key, item).good());
        return;
    }
    case EVR_PN: d.putAndInsertString(key, ("Doe" + id + "^Jane").c_str()); return;
    case EVR_DA: d.putAndInsertString(key, "19610214"); return;
    case EVR_TM: d.putAndInsertString(key, "101500"); return;
    case EVR_AS: d.putAndInsertString(key, "063Y"); return;
    case EVR_DS: d.putAndInsertString(key, ("1." + id).c_str()); return;
    case EVR_US: d.putAndInsertUint16(key, Uint16(n % 5)); return;
    case EVR_CS: d.putAndInsertString(key, key == DCM_PatientSex ? "F" : "YES"); return;
    default: d.putAndInsertString(key, ("v" + id).c_str()); return;
    }
}

// Writes a 24 x 20 x 4 series into `dir` with every attribute of kTags set.
inline std::vector<std::filesystem::path> writeFullPatientSeries(const std::filesystem::path& dir) {
    const Geometry g = axialGeometry(24, 20, 4);
    const auto files = writeSeries(patternVolume(g), testMetadata("patient"), dir);
    for (const auto& f : files) {
        DcmFileFormat ff;
        REQUIRE(ff.loadFile(f.c_str()).good());
        DcmDataset& d = *ff.getDataset();
        for (std::size_t i = 0; i < kTags.size(); ++i) setValue(d, kTags[i], int(i));
        d.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 100");
        d.putAndInsertString(DCM_PatientName, "M\xfcller^J\xfcrgen");  // Latin-1
        d.putAndInsertString(DCM_InstitutionName, "St. Elsewhere Hospital");
        d.putAndInsertString(DCM_SeriesDescription, "arterial phase Dr. House");
        REQUIRE(ff.saveFile(f.c_str(), EXS_LittleEndianExplicit).good());
    }
    return files;
}

}  // namespace lsms::test
