package dev.shortener.execution;

/** A model cannot run batches right now (e.g. its worker processes do not start); the API answers 503. */
public class ModelUnavailableException extends RuntimeException {

    /** Says why, naming what to check. */
    public ModelUnavailableException(String message) {
        super(message);
    }
}
