package io.chuangguan.identity;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;

import io.chuangguan.common.Caller;
import io.chuangguan.identity.IdentityRequests.CreateAccountRequest;
import io.chuangguan.identity.IdentityViews.AccountView;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api")
public class AccountResource {

    private final AccountService accounts;
    private final Caller caller;

    public AccountResource(AccountService accounts, Caller caller) {
        this.accounts = accounts;
        this.caller = caller;
    }

    /** The caller's own profile. */
    @GET
    @Path("/me")
    @Authenticated
    public Uni<AccountView> me() {
        return accounts.view(caller.accountId());
    }

    @POST
    @Path("/accounts")
    @RolesAllowed({ Caller.SYSTEM_ADMIN, Caller.UNION_ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull CreateAccountRequest request) {
        return accounts.create(caller, request)
                .map(view -> Response.created(URI.create("/api/accounts/" + view.id())).entity(view).build());
    }

    @GET
    @Path("/accounts/{id}")
    @Authenticated
    public Uni<AccountView> get(@RestPath long id) {
        return accounts.viewFor(caller, id);
    }
}
