// render_icon SVG OUTDIR SIZE...: the app's icon as OUTDIR/SIZExSIZE.png for
// each size, rendered by Qt's SVG image plugin, so the hicolor PNGs come
// from the one SVG.
#include <QGuiApplication>
#include <QImage>
#include <QImageReader>

#include <cstdio>

int main(int argc, char** argv) {
    QGuiApplication app(argc, argv);
    if (argc < 4) {
        std::fprintf(stderr, "usage: render_icon SVG OUTDIR SIZE...\n");
        return 2;
    }
    for (int i = 3; i < argc; ++i) {
        const int size = QString(argv[i]).toInt();
        QImageReader reader(QString::fromLocal8Bit(argv[1]));
        reader.setScaledSize(QSize(size, size));
        const QImage image = reader.read();
        const QString out = QString("%1/%2x%2.png").arg(QString::fromLocal8Bit(argv[2])).arg(size);
        if (image.isNull() || !image.save(out)) {
            std::fprintf(stderr, "render_icon: cannot render %s at %d px: %s\n", argv[1], size,
                         qPrintable(reader.errorString()));
            return 1;
        }
    }
    return 0;
}
