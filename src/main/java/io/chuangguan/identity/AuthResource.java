package io.chuangguan.identity;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.Path;

import io.chuangguan.common.Client;
import io.chuangguan.identity.IdentityRequests.LoginRequest;
import io.chuangguan.identity.IdentityRequests.RefreshRequest;
import io.chuangguan.identity.IdentityViews.TokenView;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

@Path("/api/auth")
@PermitAll
public class AuthResource {

    private final AuthService auth;

    public AuthResource(AuthService auth) {
        this.auth = auth;
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TokenView> login(@Valid @NotNull LoginRequest request, HttpServerRequest http) {
        return auth.login(request, Client.of(http));
    }

    @POST
    @Path("/refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TokenView> refresh(@Valid @NotNull RefreshRequest request, HttpServerRequest http) {
        return auth.refresh(request.refreshToken(), Client.of(http));
    }

    /** 204 whether or not the token was still live. */
    @POST
    @Path("/logout")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Void> logout(@Valid @NotNull RefreshRequest request) {
        return auth.logout(request.refreshToken());
    }
}
