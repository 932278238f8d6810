package dev.shortener.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.WithDefault;

/** Limits of Excel ({@code .xlsx}) bodies, beyond the row, column and cell limits every table body has. */
public interface XlsxConfig {

    /** Most bytes one part of the xlsx zip (the sheet's XML, the shared strings...) inflates to; more is a 413. */
    @WithDefault("1073741824")
    @Min(1024)
    long maxPartSize();

    /** Most a part over 1 MiB may inflate per compressed byte; more is a 413 (a zip bomb, not a spreadsheet). */
    @WithDefault("100")
    @Min(2)
    int maxRatio();

    /** Most characters of shared strings (the table of texts a sheet refers to), held in memory while reading. */
    @WithDefault("64000000")
    @Min(1)
    @Max(Integer.MAX_VALUE)
    long maxSharedStringChars();
}
