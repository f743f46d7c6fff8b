package io.lattice.node.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * A PNG of a load run over time: transactions submitted and committed per second (top), commit
 * latency p50 and p99 of the transactions committed in each second (bottom).
 */
public final class LoadPlot {
  private static final int WIDTH = 960;
  private static final int PANEL = 300;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int GAP = 60;
  private static final Color SUBMITTED = new Color(0x9e9e9e);
  private static final Color COMMITTED = new Color(0x1f77b4);
  private static final Color P50 = new Color(0x2ca02c);
  private static final Color P99 = new Color(0xd62728);

  private LoadPlot() {}

  /** Draws {@code result} into {@code file} (PNG), titled {@code title}. */
  public static void write(LoadResult result, String title, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int height = TOP + 2 * PANEL + GAP + 40;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.drawString(title, LEFT, 22);
      List<LoadResult.Second> s = result.series();
      panel(
          g,
          TOP,
          "transactions per second",
          s,
          new Line("submitted", SUBMITTED, x -> x.submitted()),
          new Line("committed", COMMITTED, x -> x.committed()));
      panel(
          g,
          TOP + PANEL + GAP,
          "commit latency (ms)",
          s,
          new Line("p50", P50, x -> x.committed() > 0 ? x.p50Ms() : Double.NaN),
          new Line("p99", P99, x -> x.committed() > 0 ? x.p99Ms() : Double.NaN));
      g.setColor(Color.DARK_GRAY);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawString("seconds since the first submission", WIDTH / 2 - 90, height - 10);
    } finally {
      g.dispose();
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer in this JDK");
    }
  }

  private record Line(String label, Color color, ToDoubleFunction<LoadResult.Second> value) {}

  private static void panel(
      Graphics2D g, int top, String title, List<LoadResult.Second> series, Line... lines) {
    int w = WIDTH - LEFT - RIGHT;
    double max = 0;
    for (Line l : lines) {
      for (LoadResult.Second s : series) {
        double v = l.value().applyAsDouble(s);
        if (!Double.isNaN(v)) {
          max = Math.max(max, v);
        }
      }
    }
    max = niceCeiling(max);
    int n = Math.max(1, series.size() - 1);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int i = 0; i <= 4; i++) {
      int y = top + PANEL - i * PANEL / 4;
      g.setColor(new Color(0xe0e0e0));
      g.drawLine(LEFT, y, LEFT + w, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, "%,.0f", max * i / 4), 5, y + 4);
    }
    int step = Math.max(1, (int) Math.ceil(n / 10.0));
    for (int x = 0; x <= n; x += step) {
      int px = LEFT + x * w / n;
      g.drawString(Integer.toString(x), px - 4, top + PANEL + 14);
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, top, w, PANEL);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    g.drawString(title, LEFT + 5, top - 6);
    int legend = LEFT + w;
    g.setStroke(new BasicStroke(2f));
    for (int li = lines.length - 1; li >= 0; li--) {
      Line l = lines[li];
      legend -= 110;
      g.setColor(l.color());
      g.drawLine(legend, top - 10, legend + 20, top - 10);
      g.drawString(l.label(), legend + 25, top - 6);
      int prevX = -1;
      int prevY = -1;
      for (int i = 0; i < series.size(); i++) {
        double v = l.value().applyAsDouble(series.get(i));
        if (Double.isNaN(v)) {
          continue; // a second without commits: the line joins its neighbours
        }
        int px = LEFT + i * w / n;
        int py = top + PANEL - (int) Math.round(v / max * PANEL);
        if (prevX >= 0) {
          g.drawLine(prevX, prevY, px, py);
        } else {
          g.fillOval(px - 2, py - 2, 4, 4);
        }
        prevX = px;
        prevY = py;
      }
    }
    g.setStroke(new BasicStroke(1f));
  }

  /** The smallest of 1, 2, 5 × 10^k at or above {@code v} (1 for an empty chart). */
  static double niceCeiling(double v) {
    if (v <= 0) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * magnitude >= v) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }
}
