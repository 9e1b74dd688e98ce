/**
 * A real button that opens the browser's file chooser. The input itself is visually hidden but stays in the
 * document (and labelled) so assistive technology and tests can use it directly.
 */
import { useRef, type ChangeEvent } from 'react'

interface Props {
  readonly onFile: (file: File) => void
}

export function FilePicker({ onFile }: Props) {
  const input = useRef<HTMLInputElement>(null)

  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.item(0)
    // Clearing the value lets the same file be chosen again (otherwise no change event fires).
    e.currentTarget.value = ''
    if (file) onFile(file)
  }

  return (
    <>
      <button type="button" className="primary" onClick={() => input.current?.click()} data-testid="open-file">
        Open a capture…
      </button>
      <input
        ref={input}
        type="file"
        className="visually-hidden"
        aria-label="Capture file to analyse"
        tabIndex={-1}
        onChange={onChange}
        data-testid="file-input"
      />
    </>
  )
}
