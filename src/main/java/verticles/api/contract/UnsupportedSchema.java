package verticles.api.contract;

/** A schema uses something {@link CompiledSchema} does not compile; the library alone checks it then. */
final class UnsupportedSchema extends Exception {

    UnsupportedSchema(String what) {
        super(what, null, false, false);
    }
}
