#pragma once
// One error hierarchy for the whole project: every layer throws a subclass of
// lsms::Error, and only the UI boundary and main() catch it.
#include <stdexcept>
#include <string>

namespace lsms {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A file or folder could not be read or written.
class IoError : public Error {
public:
    using Error::Error;
};

// Input data is not what it must be (bad DICOM, inconsistent series, ...).
class InputError : public Error {
public:
    using Error::Error;
};

// A DICOM transfer syntax no available decoder handles.
class UnsupportedTransferSyntax : public InputError {
public:
    using InputError::InputError;
};

// A model file is missing, corrupt or does not match the network.
class ModelError : public Error {
public:
    using Error::Error;
};

// The work would need more memory than is free; refused before allocating.
class NotEnoughMemory : public Error {
public:
    using Error::Error;
};

// The user cancelled a long operation.
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

}  // namespace lsms
