/** A user's application on the module path: it names jstruct's modules as the README does. */
module io.jstruct.consumer {
  requires io.jstruct;
  requires io.jstruct.framing;
}
