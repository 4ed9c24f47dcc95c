"""A throw-away Orthanc on free loopback ports, for the PACS checks and the
retrieve benchmark: generated configuration in a private folder, stopped and
removed on exit. Nothing is left running, no system service is used."""
import json, os, shutil, signal, socket, subprocess, tempfile, time

DICOMWEB_PLUGIN = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Orthanc:
    """with Orthanc(executable, lsms) as pacs: pacs.dicom_port, pacs.http_port, pacs.move_port, pacs.work"""

    def __init__(self, executable, lsms, password=None):
        self.executable, self.lsms, self.password = executable, lsms, password
        self.work = tempfile.mkdtemp(prefix="lsms-orthanc-")
        self.dicom_port, self.http_port, self.move_port = free_port(), free_port(), free_port()
        self.web = os.path.exists(DICOMWEB_PLUGIN)

    def __enter__(self):
        config = {"Name": "lsms-test", "StorageDirectory": f"{self.work}/storage", "IndexDirectory": f"{self.work}/index",
                  "DicomAet": "ORTHANC", "DicomPort": self.dicom_port, "HttpPort": self.http_port,
                  "RemoteAccessAllowed": False, "AuthenticationEnabled": False, "DicomCheckCalledAet": True,
                  "DicomCheckModalityHost": False, "DicomModalities": {"lsms": ["LSMS", "127.0.0.1", self.move_port]},
                  "Plugins": []}
        if self.web:
            config.update({"Plugins": [DICOMWEB_PLUGIN], "DicomWeb": {"Enable": True, "Root": "/dicom-web/"}})
            if self.password:
                config.update({"AuthenticationEnabled": True, "RegisteredUsers": {"lsms": self.password}})
        with open(f"{self.work}/orthanc.json", "w") as f:
            json.dump(config, f)
        self.log = open(f"{self.work}/orthanc.log", "w")
        self.server = subprocess.Popen([self.executable, f"{self.work}/orthanc.json"], stdout=self.log, stderr=self.log)
        for _ in range(150):
            if subprocess.run([self.lsms, "pacs", "echo", *self.peer()], capture_output=True).returncode == 0:
                return self
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("Orthanc did not answer C-ECHO within 30 s")

    def peer(self):
        return ["--host", "127.0.0.1", "--port", str(self.dicom_port), "--aec", "ORTHANC", "--timeout", "30"]

    def __exit__(self, *exc):
        self.server.send_signal(signal.SIGTERM)
        try:
            self.server.wait(10)
        except subprocess.TimeoutExpired:
            self.server.kill()
        self.log.close()
        shutil.rmtree(self.work, ignore_errors=True)
