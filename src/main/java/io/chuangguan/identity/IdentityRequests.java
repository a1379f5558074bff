package io.chuangguan.identity;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public final class IdentityRequests {

    /** Mainland mobile numbers: 11 digits starting 13-19. */
    public static final String PHONE = "^1[3-9][0-9]{9}$";
    static final String PHONE_MESSAGE = "must be an 11-digit mainland mobile number";

    private IdentityRequests() {
    }

    public record LoginRequest(
            @NotNull @Pattern(regexp = PHONE, message = PHONE_MESSAGE) String phone,
            @NotBlank @Size(max = 72) String password) {
    }

    public record RefreshRequest(@NotBlank @Size(max = 128) String refreshToken) {
    }

    public record CreateAccountRequest(
            @NotNull @Pattern(regexp = PHONE, message = PHONE_MESSAGE) String phone,
            @NotBlank @Size(max = 32) String displayName,
            @NotNull @Size(min = 8, max = 72)
            @Pattern(regexp = "^(?=.*[A-Za-z])(?=.*[0-9]).*$", message = "must contain letters and digits") String password,
            @NotEmpty Set<@NotNull Role> roles,
            @Valid WorkerPlacement worker,
            List<@NotNull Long> trainerIndustryIds,
            Long scopeRegionId,
            Long scopeEnterpriseId) {
    }

    /**
     * A worker's place. A grade held before joining comes only with its evidence: the number of the certificate that
     * granted it and the day it did (all three or none).
     */
    public record WorkerPlacement(
            @NotNull Long enterpriseId,
            Long teamId,
            @NotNull Long tradeId,
            @NotNull @PastOrPresent LocalDate tradeSince,
            @Min(1) @Max(5) Integer grade,
            @PastOrPresent LocalDate gradeObtainedOn,
            @Size(min = 4, max = 32) @Pattern(regexp = "^[A-Za-z0-9-]+$", message = "letters, digits and dashes only")
            String gradeCertificateNo) {
    }
}
